package io.neuralforge.trainer.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restarted trainer needs to go on where the last one stopped, written after every epoch
 * beside the last epoch's parameters: a retried pod must not start over.
 *
 * @param fingerprint the graph hash and the run spec it belongs to; another run starts afresh
 * @param bestConfusion the best epoch's validation confusion counts, rows by true class (null for
 *     segmentation, or before a classifier's first epoch)
 */
public record TrainingState(
    String fingerprint,
    int completedEpochs,
    int bestEpoch,
    double bestAccuracy,
    double bestLoss,
    int sinceBetterLoss,
    long samples,
    double seconds,
    List<EpochMetrics> history,
    long[][] bestConfusion) {
  static final String FILE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  static TrainingState fresh(String fingerprint) {
    return new TrainingState(
        fingerprint, 0, 0, -1, Double.POSITIVE_INFINITY, 0, 0, 0, new ArrayList<>(), null);
  }

  /** The state saved in {@code dir} for this fingerprint, or a fresh one. */
  static TrainingState load(Path dir, String fingerprint) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return fresh(fingerprint);
    }
    TrainingState saved = JSON.readValue(file.toFile(), TrainingState.class);
    return fingerprint.equals(saved.fingerprint())
        ? new TrainingState(
            saved.fingerprint,
            saved.completedEpochs,
            saved.bestEpoch,
            saved.bestAccuracy,
            saved.bestLoss,
            saved.sinceBetterLoss,
            saved.samples,
            saved.seconds,
            new ArrayList<>(saved.history),
            saved.bestConfusion)
        : fresh(fingerprint);
  }

  void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    JSON.writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        dir.resolve(FILE),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
