package io.neuralforge.trainer.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.cuda.CudaUtils;
import io.neuralforge.api.v1alpha1.RunOutputFiles;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.Shape;
import io.neuralforge.graph.ValidationResult;
import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.LabeledData;
import io.neuralforge.trainer.gpu.DeviceDescription;
import io.neuralforge.trainer.gpu.PyTorchEngine;
import io.neuralforge.trainer.model.BatchShapes;
import io.neuralforge.trainer.model.GraphModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains a classifier (cross-entropy) or, when the data labels every pixel, a segmentation model
 * (per-pixel cross-entropy, Dice reported) with the run's optimizer and schedule: an epoch over
 * shuffled batches then an evaluation on the validation part, keeping the parameters of the epoch
 * with the best validation accuracy, stopping early when validation loss stops improving or when
 * the run is asked to (a sweep's early-stopping rule): at the end of an epoch, its bookkeeping
 * done.
 */
public final class TrainingLoop {
  private final RunSpec spec;
  private final GraphSpec graph;
  private final ValidationResult validated;
  private final PreparedData data;
  private final ProgressSink sink;
  private final Path checkpointDir;
  private final List<Device> devices;
  private final OperatorProfile profile = OperatorProfile.fromEnvironment();

  public TrainingLoop(
      RunSpec spec,
      GraphSpec graph,
      ValidationResult validated,
      PreparedData data,
      ProgressSink sink,
      Path checkpointDir,
      List<Device> devices) {
    this.devices = devices;
    this.spec = spec;
    this.graph = graph;
    this.validated = validated;
    this.data = data;
    this.sink = sink;
    this.checkpointDir = checkpointDir;
  }

  /** Everything a finished run reports. */
  public record Result(
      List<EpochMetrics> history,
      int bestEpoch,
      Evaluation test,
      double samplesPerSecond,
      List<String> devices,
      String device,
      Path parameters,
      ConfusionMatrix confusion) {}

  public Result run() throws IOException, InterruptedException {
    RunSpec.Hyperparameters hp = spec.hyperparameters();
    long seed = hp.seedOrDefault();
    Engine engine = PyTorchEngine.get();
    engine.setRandomSeed((int) seed);
    String device = DeviceDescription.of(devices, JniUtils.getNumThreads());
    sink.device(device, LibUtils.getLibtorchPath());
    int epochs = hp.epochsOrDefault();
    int batchSize = hp.batchSizeOrDefault();
    int stepsPerEpoch = (data.train().count() + batchSize - 1) / batchSize;
    Shape input = data.train().sampleShape();

    LearningRateSchedule schedule = new LearningRateSchedule(hp, stepsPerEpoch);
    Path resumeDir = checkpointDir.resolve("checkpoint");
    TrainingState state = TrainingState.load(resumeDir, GraphHash.of(graph) + " " + spec);
    try (Model model = Model.newInstance(RunOutputFiles.MODEL_NAME, devices.get(0))) {
      model.setBlock(new GraphModel(graph, validated));
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(
                  data.train().perPixel()
                      ? new PerPixelCrossEntropy()
                      : Loss.softmaxCrossEntropyLoss())
              .optOptimizer(RunOptimizer.of(hp, schedule, state.completedEpochs() * stepsPerEpoch))
              .optDevices(devices.toArray(Device[]::new));
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(BatchShapes.batched(batchSize, input));
        ((GraphModel) model.getBlock()).initializeLikePyTorch();
        model.setProperty("Epoch", "0"); // one file per checkpoint name, overwritten each time
        if (state.completedEpochs() > 0) {
          model.load(resumeDir, "last");
        }
        List<EpochMetrics> history = state.history();
        double bestAccuracy = state.bestAccuracy();
        int bestEpoch = state.bestEpoch();
        double bestLoss = state.bestLoss();
        int sinceBetterLoss = state.sinceBetterLoss();
        ConfusionMatrix bestConfusion =
            state.bestConfusion() == null ? null : ConfusionMatrix.of(state.bestConfusion());
        Integer patience = hp.earlyStopping() == null ? null : hp.earlyStopping().patience();
        long started = System.nanoTime() - (long) (state.seconds() * 1e9);
        long samples = state.samples();
        // a pod resuming a run that was asked to stop ends at once, with the epochs it had
        boolean stoppedEarly =
            patience != null && sinceBetterLoss >= patience
                || state.completedEpochs() > 0 && sink.stopRequested();
        for (int epoch = state.completedEpochs() + 1; epoch <= epochs && !stoppedEarly; epoch++) {
          long epochStart = System.nanoTime();
          int[] order = EpochSamples.order(data.train().count(), seed, epoch);
          TrainingPass pass =
              trainEpoch(trainer, order, batchSize, epoch, epochs, stepsPerEpoch, started);
          samples += order.length;
          Evaluation val = evaluate(trainer, data.validation(), batchSize, data.augmentations());
          EpochMetrics m =
              new EpochMetrics(
                  epoch,
                  pass.loss(),
                  pass.accuracy(),
                  val.loss(),
                  val.accuracy(),
                  val.dice(),
                  schedule.endOf(epoch),
                  (System.nanoTime() - epochStart) / 1e9,
                  pass.gradientNorm());
          history.add(m);
          if (m.validationAccuracy() > bestAccuracy) {
            bestAccuracy = m.validationAccuracy();
            bestEpoch = epoch;
            bestConfusion = val.confusion();
            model.save(checkpointDir, RunOutputFiles.MODEL_NAME);
          }
          if (m.validationLoss() < bestLoss) {
            bestLoss = m.validationLoss();
            sinceBetterLoss = 0;
          } else {
            sinceBetterLoss++;
            stoppedEarly = patience != null && sinceBetterLoss >= patience;
          }
          model.save(resumeDir, "last");
          new TrainingState(
                  state.fingerprint(),
                  epoch,
                  bestEpoch,
                  bestAccuracy,
                  bestLoss,
                  sinceBetterLoss,
                  samples,
                  (System.nanoTime() - started) / 1e9,
                  history,
                  bestConfusion == null ? null : bestConfusion.counts())
              .save(resumeDir);
          sink.epoch(m);
          if (epoch < epochs && !stoppedEarly) {
            sink.awaitJudgement(epoch);
            stoppedEarly = sink.stopRequested();
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        model.load(checkpointDir, RunOutputFiles.MODEL_NAME);
        Evaluation test = evaluate(trainer, data.test(), batchSize, data.augmentations());
        return new Result(
            history,
            bestEpoch,
            test,
            samples / seconds,
            devices.stream().map(Device::toString).toList(),
            device,
            checkpointDir.resolve(RunOutputFiles.MODEL),
            bestConfusion);
      }
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("could not reload the best checkpoint: " + e.getMessage(), e);
    }
  }

  private TrainingPass trainEpoch(
      Trainer trainer,
      int[] order,
      int batchSize,
      int epoch,
      int epochs,
      int stepsPerEpoch,
      long started)
      throws InterruptedException {
    double lossSum = 0;
    long correct = 0;
    long seen = 0;
    long labelsSeen = 0;
    long step = 0;
    EpochGradientNorm gradientNorms = new EpochGradientNorm(stepsPerEpoch);
    List<Device> devices = List.of(trainer.getDevices());
    Random random = EpochSamples.augmentationDraws(spec.hyperparameters().seedOrDefault(), epoch);
    try (BatchProducer batches =
        new BatchProducer(data.train(), order, batchSize, data.augmentations(), random)) {
      for (BatchProducer.HostBatch b = batches.next(); b != null; b = batches.next()) {
        profile.beforeStep(step);
        try (NDManager scope = trainer.getManager().newSubManager()) {
          int n = b.count();
          NDArray x =
              scope.create(b.features(), BatchShapes.batched(n, data.train().sampleShape()));
          NDArray y =
              scope
                  .create(b.labels(), BatchShapes.batched(n, data.train().labelShape()))
                  .toType(DataType.INT64, false);
          double batchLoss = 0;
          try (GradientCollector collector = trainer.newGradientCollector()) {
            int parts = Math.min(devices.size(), n);
            for (int part = 0; part < parts; part++) {
              long from = (long) n * part / parts;
              long to = (long) n * (part + 1) / parts;
              Device device = devices.get(part);
              // one device takes the whole batch as it is: no slice, no rescaled loss
              NDArray xs = parts == 1 ? x : x.get(from + ":" + to).toDevice(device, false);
              NDArray ys = parts == 1 ? y : y.get(from + ":" + to).toDevice(device, false);
              NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
              NDArray loss = trainer.getLoss().evaluate(new NDList(ys), new NDList(logits));
              if (parts > 1) {
                loss = loss.mul((float) (to - from) / n);
              }
              collector.backward(loss);
              batchLoss += loss.getFloat();
              correct += logits.argMax(1).toType(DataType.INT64, false).eq(ys).sum().getLong();
            }
          }
          boolean detail = sink.wantsDetail();
          boolean sampled = gradientNorms.due(step);
          double gradientNorm =
              detail || sampled
                  ? ((GraphModel) trainer.getModel().getBlock()).gradientNorm(devices, scope)
                  : Double.NaN;
          if (sampled) {
            gradientNorms.add(gradientNorm);
          }
          trainer.step();
          if (!Double.isFinite(batchLoss)) {
            throw new TrainingException(
                "the training loss became "
                    + batchLoss
                    + " in epoch "
                    + epoch
                    + ": lower the learning rate or add gradient clipping");
          }
          lossSum += batchLoss * n;
          seen += n;
          labelsSeen += (long) n * data.train().labelShape().elements();
          step++;
          long done = (long) (epoch - 1) * stepsPerEpoch + step;
          long total = (long) epochs * stepsPerEpoch;
          double elapsed = (System.nanoTime() - started) / 1e9;
          sink.progress(
              new ProgressSink.Progress(
                  epoch,
                  epochs,
                  done,
                  total,
                  100.0 * done / total,
                  Math.round(elapsed / done * (total - done)),
                  batchLoss,
                  gradientNorm,
                  detail ? gpuMemoryBytes(devices.get(0)) : -1));
        }
        profile.afterStep(step - 1);
      }
    } finally {
      profile.stop(); // also when a step fails: the profiler never stays on
    }
    return new TrainingPass(lossSum / seen, (double) correct / labelsSeen, gradientNorms.mean());
  }

  /** Device memory in use on {@code device} (CUDA's total less free); -1 on a CPU. */
  private static long gpuMemoryBytes(Device device) {
    return device.isGpu() ? CudaUtils.getGpuMemory(device).getUsed() : -1;
  }

  /**
   * The model on {@code set} (absent or empty: {@link Evaluation#NONE}), in inference mode
   * (deterministic augmentations only). A classifier's predictions are counted on the host, per
   * class: the confusion matrix comes with the accuracy, in the same pass.
   */
  private static Evaluation evaluate(
      Trainer trainer, LabeledData set, int batchSize, Augmentations augmentations) {
    if (set == null || set.count() == 0) {
      return Evaluation.NONE;
    }
    double lossSum = 0;
    long correct = 0;
    int size = (int) set.sampleShape().elements();
    int labelSize = (int) set.labelShape().elements();
    DiceScore dice = set.perPixel() ? new DiceScore(set.classes()) : null;
    ConfusionMatrix confusion = set.perPixel() ? null : new ConfusionMatrix(set.classes());
    Device device = trainer.getDevices()[0];
    for (int start = 0; start < set.count(); start += batchSize) {
      int n = Math.min(batchSize, set.count() - start);
      try (NDManager scope = trainer.getManager().newSubManager()) {
        float[] features = Arrays.copyOfRange(set.features(), start * size, (start + n) * size);
        for (int i = 0; i < n; i++) {
          augmentations.apply(features, i * size, false, null);
        }
        int[] labels = Arrays.copyOfRange(set.labels(), start * labelSize, (start + n) * labelSize);
        NDArray x =
            scope
                .create(features, BatchShapes.batched(n, set.sampleShape()))
                .toDevice(device, false);
        NDArray y =
            scope
                .create(labels, BatchShapes.batched(n, set.labelShape()))
                .toType(DataType.INT64, false)
                .toDevice(device, false);
        NDArray logits = trainer.evaluate(new NDList(x)).singletonOrThrow();
        lossSum += trainer.getLoss().evaluate(new NDList(y), new NDList(logits)).getFloat() * n;
        NDArray predicted = logits.argMax(1).toType(DataType.INT64, false);
        if (confusion != null) {
          confusion.add(labels, predicted.toLongArray());
        } else {
          correct += predicted.eq(y).sum().getLong();
          dice.add(logits, y);
        }
      }
    }
    if (confusion != null) {
      correct = confusion.correct();
    }
    return new Evaluation(
        lossSum / set.count(),
        (double) correct / ((long) set.count() * labelSize),
        dice == null ? Double.NaN : dice.value(),
        confusion);
  }
}
