package io.neuralforge.trainer.kube;

import io.neuralforge.api.v1alpha1.TrainerStatusFields;
import io.neuralforge.trainer.run.EpochMetrics;
import io.neuralforge.trainer.run.ProgressSink;
import io.neuralforge.trainer.run.RunHistory;
import io.neuralforge.trainer.run.StatusFigures;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress into the TrainingRun's status: status.progress at most every {@code intervalMillis},
 * status.metrics and status.history after each epoch and at the end, status.tracking when a
 * tracking server took the run, status.reproducibility.datasetDigest once the data is loaded and
 * .device once the engine has its devices; the gradient norm and GPU memory with progress. Each
 * write carries all three, since a server-side apply that leaves a field out gives it up. A failed
 * write is reported on {@code log} and training goes on; once the run turns out to be another
 * object of the same name (deleted and created again), there are no more writes, and one line says
 * why.
 */
public final class KubernetesProgressSink implements ProgressSink {
  /** How long a trainer waits for its sweep to judge an epoch before it goes on. */
  static final java.time.Duration JUDGEMENT_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final StatusWriter writer;
  private final long intervalMillis;
  private final Clock clock;
  private final PrintStream log;
  private final Map<String, Object> progress = new LinkedHashMap<>();
  private final Map<String, Object> metrics = new LinkedHashMap<>();
  private final RunHistory history = new RunHistory();
  private Map<String, Object> tracking;
  private String datasetDigest;
  private String device;
  private long lastWritten = Long.MIN_VALUE / 2;
  private boolean replaced;

  public KubernetesProgressSink(
      StatusWriter writer, long intervalMillis, Clock clock, PrintStream log) {
    this.writer = writer;
    this.intervalMillis = intervalMillis;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public void started(String digest) {
    datasetDigest = digest;
    write();
  }

  @Override
  public void device(String description, String libtorch) {
    device = description;
    write();
  }

  @Override
  public boolean wantsDetail() {
    return clock.millis() - lastWritten >= intervalMillis;
  }

  @Override
  public void progress(Progress p) {
    progress.put("epoch", p.epoch());
    progress.put("totalEpochs", p.totalEpochs());
    progress.put("percent", Math.round(p.percent() * 10) / 10.0);
    progress.put("etaSeconds", p.etaSeconds());
    StatusFigures.putFinite(progress, "loss", p.loss());
    StatusFigures.putFinite(progress, "gradientNorm", p.gradientNorm()); // else the last measured
    if (p.gpuMemoryBytes() >= 0) {
      progress.put("gpuMemoryBytes", p.gpuMemoryBytes());
    }
    if (clock.millis() - lastWritten >= intervalMillis) {
      write();
    }
  }

  @Override
  public void epoch(EpochMetrics m) {
    StatusFigures.putFinite(metrics, "trainLoss", m.trainLoss());
    StatusFigures.putFinite(metrics, "trainAccuracy", m.trainAccuracy());
    StatusFigures.putFinite(metrics, "validationLoss", m.validationLoss());
    StatusFigures.putFinite(metrics, "validationAccuracy", m.validationAccuracy());
    StatusFigures.putFinite(metrics, "validationDice", m.validationDice());
    history.add(m);
    write();
  }

  @Override
  public void finished(Map<String, Object> finalMetrics) {
    metrics.clear();
    finalMetrics.forEach(
        (key, value) -> {
          if (value instanceof Number) {
            metrics.put(key, value);
          }
        });
    metrics.remove("epochs");
    progress.put("percent", 100.0);
    progress.put("etaSeconds", 0);
    write();
  }

  /** Whether the run's object asks it to end early, as the latest write found it. */
  @Override
  public boolean stopRequested() {
    return writer.stopRequested();
  }

  /**
   * Waits for the sweep's judgement of {@code epoch}, at most {@link #JUDGEMENT_TIMEOUT}: a sweep
   * whose operator is away (restarting) delays its runs by that much, never stops them.
   */
  @Override
  public void awaitJudgement(int epoch) {
    call(
        "could not read the sweep's judgement",
        () -> {
          if (!writer.awaitJudgement(epoch, JUDGEMENT_TIMEOUT)) {
            log.println(
                "neuralforge: the sweep did not judge epoch "
                    + epoch
                    + " within "
                    + JUDGEMENT_TIMEOUT.toSeconds()
                    + "s: training goes on");
          }
        });
  }

  /** Where the run is tracked (status.tracking), written with everything else from now on. */
  @Override
  public void tracked(Map<String, Object> where) {
    tracking = new LinkedHashMap<>(where);
    write();
  }

  private void write() {
    if (replaced) {
      return;
    }
    lastWritten = clock.millis();
    Map<String, Object> status = new LinkedHashMap<>();
    if (!progress.isEmpty()) {
      Map<String, Object> p = new LinkedHashMap<>(progress);
      p.put(
          "updateTime",
          clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      status.put(TrainerStatusFields.PROGRESS, p);
    }
    if (!metrics.isEmpty()) {
      status.put(TrainerStatusFields.METRICS, new LinkedHashMap<>(metrics));
    }
    if (!history.isEmpty()) {
      status.put(TrainerStatusFields.HISTORY, history.points());
    }
    if (tracking != null) {
      status.put(TrainerStatusFields.TRACKING, tracking);
    }
    Map<String, Object> reproducibility = new LinkedHashMap<>();
    if (datasetDigest != null) {
      reproducibility.put(TrainerStatusFields.DATASET_DIGEST, datasetDigest);
    }
    if (device != null) {
      reproducibility.put(TrainerStatusFields.DEVICE, device);
    }
    if (!reproducibility.isEmpty()) {
      status.put(TrainerStatusFields.REPRODUCIBILITY, reproducibility);
    }
    call("could not report progress", () -> writer.apply(status));
  }

  /** A request to the API server about the run. */
  private interface Request {
    void send() throws IOException, InterruptedException;
  }

  /**
   * Sends {@code request} unless the run was replaced; a failure is a line on the log ({@code
   * failing} and why) and training goes on; the run turning out replaced ends all requests.
   */
  private void call(String failing, Request request) {
    if (replaced) {
      return;
    }
    try {
      request.send();
    } catch (ObjectReplacedException e) {
      replaced = true;
      log.println("neuralforge: no more status writes: " + e.getMessage());
    } catch (IOException e) {
      log.println("neuralforge: " + failing + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
