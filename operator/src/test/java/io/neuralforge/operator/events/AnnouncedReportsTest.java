package io.neuralforge.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnnouncedReportsTest {
  @Test
  void aWarningIsAnnouncedOnceUntilItChanges() {
    AnnouncedReports warnings = new AnnouncedReports();
    assertThat(warnings.isNew("uid-1", "MLflow at http://mlflow:5000 refused: 503")).isTrue();
    assertThat(warnings.isNew("uid-1", "MLflow at http://mlflow:5000 refused: 503")).isFalse();
    assertThat(warnings.isNew("uid-2", "MLflow at http://mlflow:5000 refused: 503")).isTrue();
    assertThat(warnings.isNew("uid-1", "MLflow unreachable")).isTrue();
  }

  @Test
  void aTenantWritingEndlessWarningsCostsOneEntryPerRun() {
    AnnouncedReports warnings = new AnnouncedReports();
    for (int i = 0; i < 100_000; i++) {
      warnings.isNew("uid-1", "warning number " + i);
    }
    assertThat(warnings.size()).isEqualTo(1);
  }

  @Test
  void runsNoLongerCachedAreForgotten() {
    AnnouncedReports warnings = new AnnouncedReports();
    IntStream.range(0, 5000).forEach(i -> warnings.isNew("gone-" + i, "w"));
    warnings.isNew("live", "w");
    warnings.forgetGone(cacheOf(List.of(run("live"))));
    assertThat(warnings.size()).isEqualTo(1);
    assertThat(warnings.isNew("live", "w")).isFalse();
  }

  private static TrainingRun run(String uid) {
    TrainingRun run = new TrainingRun();
    run.setMetadata(new ObjectMetaBuilder().withName(uid).withUid(uid).build());
    return run;
  }

  /** A cache that lists {@code runs}; the only call AnnouncedReports makes. */
  @SuppressWarnings("unchecked")
  private static IndexedResourceCache<TrainingRun> cacheOf(List<TrainingRun> runs) {
    return (IndexedResourceCache<TrainingRun>)
        Proxy.newProxyInstance(
            AnnouncedReportsTest.class.getClassLoader(),
            new Class<?>[] {IndexedResourceCache.class},
            (proxy, method, args) -> {
              if (method.getName().equals("list") && (args == null || args.length == 0)) {
                return runs.stream();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
