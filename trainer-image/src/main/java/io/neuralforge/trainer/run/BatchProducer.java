package io.neuralforge.trainer.run;

import io.neuralforge.trainer.data.Augmentations;
import io.neuralforge.trainer.data.LabeledData;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Copies the samples of each batch into fresh arrays on a background thread, a few batches ahead,
 * so the engine does not wait on Java between steps. Batches come in the order given.
 */
final class BatchProducer implements AutoCloseable {
  /** One batch's features and labels (row-major), {@code count} samples. */
  record HostBatch(float[] features, int[] labels, int count) {}

  private static final HostBatch END = new HostBatch(new float[0], new int[0], 0);
  private final BlockingQueue<HostBatch> queue = new ArrayBlockingQueue<>(4);
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "batch-producer");
            t.setDaemon(true);
            return t;
          });
  private final Future<?> work;

  /**
   * @param augmentations applied to each sample as it is copied (their training-only steps too),
   *     drawing from {@code random} on this one thread, so a seed gives the same batches
   */
  BatchProducer(
      LabeledData data, int[] order, int batchSize, Augmentations augmentations, Random random) {
    int size = (int) data.sampleShape().elements();
    int labelSize = (int) data.labelShape().elements();
    work =
        thread.submit(
            () -> {
              for (int start = 0; start < order.length; start += batchSize) {
                int count = Math.min(batchSize, order.length - start);
                float[] features = new float[count * size];
                int[] labels = new int[count * labelSize];
                for (int i = 0; i < count; i++) {
                  int sample = order[start + i];
                  System.arraycopy(data.features(), sample * size, features, i * size, size);
                  System.arraycopy(
                      data.labels(), sample * labelSize, labels, i * labelSize, labelSize);
                  augmentations.apply(
                      features,
                      i * size,
                      data.perPixel() ? labels : null,
                      i * labelSize,
                      true,
                      random);
                }
                queue.put(new HostBatch(features, labels, count));
              }
              queue.put(END);
              return null;
            });
  }

  /** The next batch, or null after the last. */
  HostBatch next() throws InterruptedException {
    HostBatch batch = queue.take();
    return batch == END ? null : batch;
  }

  @Override
  public void close() {
    work.cancel(true);
    thread.shutdownNow();
  }
}
