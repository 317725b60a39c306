package io.neuralforge.trainer.run;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress on a terminal: a JSON line on stdout at most every {@code intervalMillis}, and a line a
 * person reads on stderr; every finished epoch is printed at once.
 */
public final class LocalProgressSink implements ProgressSink {
  private final PrintStream out;
  private final PrintStream err;
  private final long intervalMillis;
  private long lastPrinted;

  public LocalProgressSink(PrintStream out, PrintStream err, long intervalMillis) {
    this.out = out;
    this.err = err;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public boolean wantsDetail() {
    return System.currentTimeMillis() - lastPrinted >= intervalMillis;
  }

  @Override
  public void device(String description, String libtorch) {
    err.println("training on " + description + " with the libtorch in " + libtorch);
  }

  @Override
  public void progress(Progress p) {
    long now = System.currentTimeMillis();
    if (now - lastPrinted < intervalMillis) {
      return;
    }
    lastPrinted = now;
    out.printf(
        Locale.ROOT,
        "{\"progress\":{\"epoch\":%d,\"totalEpochs\":%d,\"step\":%d,\"totalSteps\":%d,\"percent\":%.1f,\"etaSeconds\":%d,\"loss\":%.5f}}%n",
        p.epoch(),
        p.totalEpochs(),
        p.step(),
        p.totalSteps(),
        p.percent(),
        p.etaSeconds(),
        p.loss());
    err.printf(
        Locale.ROOT,
        "epoch %d/%d  %5.1f%%  loss %.4f  grad norm %.3g  eta %ds%n",
        p.epoch(),
        p.totalEpochs(),
        p.percent(),
        p.loss(),
        p.gradientNorm(),
        p.etaSeconds());
  }

  @Override
  public void epoch(EpochMetrics m) {
    err.printf(
        Locale.ROOT,
        "epoch %d done in %.1fs: train loss %.4f acc %.4f, validation loss %.4f acc %.4f, lr %.2e, grad norm %.3g%n",
        m.epoch(),
        m.seconds(),
        m.trainLoss(),
        m.trainAccuracy(),
        m.validationLoss(),
        m.validationAccuracy(),
        m.learningRate(),
        m.gradientNorm());
  }
}
