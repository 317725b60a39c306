package io.neuralforge.operator.trainingrun.reading;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.TrainingRunStatus;
import io.neuralforge.operator.trainingrun.objects.TrainerJobBuilder;

/**
 * The graph a started run trains: the snapshot ConfigMap its Job mounts and the hash recorded on
 * the Job, else what its status recorded (a Job removed by its TTL). Both null before the start.
 * Pure.
 */
public record RunSnapshot(String name, String graphHash) {
  public static RunSnapshot of(Job job, TrainingRunStatus previous) {
    var recorded = previous == null ? null : previous.reproducibility;
    String name = recorded == null ? null : recorded.architectureSnapshot;
    String hash = recorded == null ? null : recorded.architectureGraphHash;
    if (job != null) {
      for (Volume v : job.getSpec().getTemplate().getSpec().getVolumes()) {
        if (v.getConfigMap() != null && TrainerJobBuilder.SNAPSHOT_VOLUME.equals(v.getName())) {
          name = v.getConfigMap().getName();
        }
      }
      var annotations = job.getMetadata().getAnnotations();
      if (annotations != null && annotations.get(Labels.GRAPH_HASH_ANNOTATION) != null) {
        hash = annotations.get(Labels.GRAPH_HASH_ANNOTATION);
      }
    }
    return new RunSnapshot(name, hash);
  }
}
