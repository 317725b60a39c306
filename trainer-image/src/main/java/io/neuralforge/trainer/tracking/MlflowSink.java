package io.neuralforge.trainer.tracking;

import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.ProgressSink;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Records the run in MLflow: once the data is loaded, the experiment (created when missing) gets a
 * run named after the TrainingRun with its tags and params, and {@code listener.tracked} hears its
 * id and URL (status.tracking in a cluster); every epoch logs its metrics at step = epoch; the end
 * logs metrics.json's figures as {@code final.<name>}, uploads the output folder's files as the
 * run's artifacts and ends the run FINISHED. A process that ends before (a failed run, a killed
 * pod) ends it FAILED on its way out.
 *
 * <p>Tracking never fails training: the first call that fails (server down, a timeout, a refusal)
 * becomes one warning, on {@code log} and as {@code tracked(warning)}, and tracking stops there;
 * the run, if created, is still ended when training does. No exception leaves this sink.
 */
public final class MlflowSink implements ProgressSink {
  private final MlflowClient client;
  private final String experiment;
  private final RunDescription description;
  private final Path output;
  private final ProgressSink listener;
  private final PrintStream log;
  private final boolean endOnExit;
  private Thread exitHook;
  private String experimentId;
  private MlflowClient.Run run;
  private String url;
  private boolean stopped;
  private boolean ended;

  /**
   * @param output the run's output folder, uploaded as artifacts at the end
   * @param listener hears where the run is tracked, or the warning (the other sinks)
   * @param endOnExit end a created run FAILED when the process exits before {@link #finished}
   */
  public MlflowSink(
      MlflowClient client,
      String experiment,
      RunDescription description,
      Path output,
      ProgressSink listener,
      PrintStream log,
      boolean endOnExit) {
    this.client = client;
    this.experiment = experiment;
    this.description = description;
    this.output = output;
    this.listener = listener;
    this.log = log;
    this.endOnExit = endOnExit;
  }

  /** The sink a trainer uses: {@code target}'s server, ending the run FAILED on an early exit. */
  public static MlflowSink of(
      MlflowTarget target,
      RunDescription description,
      Path output,
      ProgressSink listener,
      PrintStream log) {
    return new MlflowSink(
        new MlflowClient(target.uri()),
        target.experiment(),
        description,
        output,
        listener,
        log,
        true);
  }

  @Override
  public void progress(Progress progress) {}

  @Override
  public synchronized void started(String datasetDigest) {
    if (stopped || run != null) {
      return;
    }
    attempt(
        "creating the run",
        () -> {
          experimentId = client.experimentId(experiment);
          Map<String, String> tags = new LinkedHashMap<>(description.tags());
          if (datasetDigest != null) {
            tags.put("neuralforge.datasetDigest", datasetDigest);
          }
          run =
              client.createRun(
                  experimentId, description.runName(), System.currentTimeMillis(), tags);
          url = client.uri() + "/#/experiments/" + run.experimentId() + "/runs/" + run.runId();
          if (endOnExit) {
            exitHook = new Thread(this::endedEarly, "mlflow-run-end");
            Runtime.getRuntime().addShutdownHook(exitHook);
          }
          log.println("MLflow: run " + url);
          tell(Map.of("mlflowRunId", run.runId(), "url", url));
          client.logBatch(run.runId(), List.of(), description.params(), Map.of());
        });
  }

  @Override
  public synchronized void epoch(EpochMetrics m) {
    if (stopped || run == null) {
      return;
    }
    long now = System.currentTimeMillis();
    List<MlflowClient.Metric> metrics = new ArrayList<>();
    add(metrics, "trainLoss", m.trainLoss(), now, m.epoch());
    add(metrics, "trainAccuracy", m.trainAccuracy(), now, m.epoch());
    add(metrics, "validationLoss", m.validationLoss(), now, m.epoch());
    add(metrics, "validationAccuracy", m.validationAccuracy(), now, m.epoch());
    add(metrics, "validationDice", m.validationDice(), now, m.epoch());
    add(metrics, "learningRate", m.learningRate(), now, m.epoch());
    add(metrics, "epochSeconds", m.seconds(), now, m.epoch());
    add(metrics, "gradientNorm", m.gradientNorm(), now, m.epoch());
    attempt(
        "logging epoch " + m.epoch(),
        () -> client.logBatch(run.runId(), metrics, Map.of(), Map.of()));
  }

  @Override
  public synchronized void finished(Map<String, Object> metrics) {
    if (run == null || ended) {
      return;
    }
    if (!stopped) {
      attempt("logging the final metrics", () -> logFinal(metrics));
    }
    if (!stopped) {
      attempt("uploading the artifacts", this::uploadOutput);
    }
    end("FINISHED");
  }

  /** Ends the run FAILED, unless it has ended already (the process is ending early). */
  public synchronized void failed() {
    if (run != null && !ended) {
      end("FAILED");
    }
  }

  private void endedEarly() {
    synchronized (this) {
      if (run != null && !ended) {
        log.println("MLflow: the trainer ends before training did; run " + url + " FAILED");
      }
    }
    failed();
  }

  private void logFinal(Map<String, Object> metrics) throws MlflowClient.Failure {
    long now = System.currentTimeMillis();
    long step = metrics.get("epochs") instanceof Number n ? n.longValue() : 0;
    List<MlflowClient.Metric> values = new ArrayList<>();
    Map<String, String> tags = new LinkedHashMap<>();
    metrics.forEach(
        (key, value) -> {
          if (value instanceof Number n) {
            add(values, "final." + key, n.doubleValue(), now, step);
          } else if (value instanceof List<?> list) {
            tags.put(
                "neuralforge." + key,
                String.join(",", list.stream().map(String::valueOf).toList()));
          } else if (value != null) {
            tags.put("neuralforge." + key, String.valueOf(value));
          }
        });
    client.logBatch(run.runId(), values, Map.of(), tags);
  }

  /** Every file under the output folder, at its relative path. */
  private void uploadOutput() throws MlflowClient.Failure {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(output)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new MlflowClient.Failure("cannot list " + output + ": " + e.getMessage(), false, e);
    }
    for (Path file : files) {
      String path =
          output.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      client.uploadArtifact(run, path, file);
    }
  }

  /** Ends the run once; quietly when tracking has stopped already. */
  private void end(String status) {
    ended = true;
    removeExitHook();
    if (stopped) {
      try {
        client.endRun(run.runId(), status, System.currentTimeMillis());
      } catch (MlflowClient.Failure | RuntimeException e) {
        // warned once already
      }
      return;
    }
    attempt(
        "ending the run " + status,
        () -> client.endRun(run.runId(), status, System.currentTimeMillis()));
  }

  private void removeExitHook() {
    if (exitHook == null || Thread.currentThread() == exitHook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException e) {
      // the process is exiting; the hook finds the run ended
    }
    exitHook = null;
  }

  private interface Call {
    void run() throws MlflowClient.Failure;
  }

  /** Runs a call; its failure, or any exception, stops tracking with one warning. */
  private void attempt(String doing, Call call) {
    try {
      call.run();
    } catch (MlflowClient.Failure e) {
      stop(doing, (e.unreachable() ? " unreachable: " : " failed: ") + e.getMessage());
    } catch (RuntimeException e) {
      stop(doing, " failed: " + e);
    }
  }

  private void stop(String doing, String problem) {
    stopped = true;
    String warning =
        "MLflow at "
            + client.uri()
            + problem
            + " ("
            + doing
            + "); tracking stopped, training goes on";
    log.println("neuralforge: " + warning);
    Map<String, Object> where = new LinkedHashMap<>();
    if (run != null) {
      where.put("mlflowRunId", run.runId());
      where.put("url", url);
    }
    where.put("warning", warning);
    tell(where);
  }

  private void tell(Map<String, Object> tracking) {
    if (listener == null) {
      return;
    }
    try {
      listener.tracked(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tracking)));
    } catch (RuntimeException e) {
      log.println("neuralforge: reporting where the run is tracked failed: " + e);
    }
  }

  private static void add(
      List<MlflowClient.Metric> metrics, String key, double value, long timestamp, long step) {
    if (Double.isFinite(value)) {
      metrics.add(new MlflowClient.Metric(key, value, timestamp, step));
    }
  }
}
