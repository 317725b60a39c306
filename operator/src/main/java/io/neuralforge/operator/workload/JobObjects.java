package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/** What the operator creates for one Job it runs: what the Job needs first, then the Job. */
public interface JobObjects {
  /** What the Job mounts and runs as, created before it, in order. */
  List<HasMetadata> prerequisites();

  Job job();

  /** Everything in creation order ({@code neuralforge render} prints this). */
  default List<HasMetadata> all() {
    List<HasMetadata> all = new ArrayList<>(prerequisites());
    all.add(job());
    return all;
  }
}
