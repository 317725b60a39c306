package io.neuralforge.operator.trainingrun;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.neuralforge.api.v1alpha1.TrainingRun;
import java.util.List;

/**
 * The trainer's identity: a ServiceAccount per run, with a Role that may read and patch the status
 * of that one TrainingRun and nothing else, all owned by the run.
 */
public final class TrainerAccessBuilder {
  private TrainerAccessBuilder() {}

  public static List<HasMetadata> build(TrainingRun run) {
    String name = RunNames.trainerAccess(run);
    String namespace = run.getMetadata().getNamespace();
    var labels = RunLabels.of(run, "trainer-access");
    var owner = SnapshotBuilder.ownedBy(run);
    return List.of(
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .withAutomountServiceAccountToken(false)
            .build(),
        new RoleBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .addNewRule()
            .withApiGroups("neuralforge.io")
            .withResources("trainingruns/status")
            .withResourceNames(run.getMetadata().getName())
            .withVerbs("get", "patch")
            .endRule()
            .build(),
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(owner)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(name)
            .withNamespace(namespace)
            .endSubject()
            .build());
  }
}
