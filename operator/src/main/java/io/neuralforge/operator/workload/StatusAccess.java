package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import java.util.Map;

/**
 * A pod's identity for one resource: a ServiceAccount with a Role that may read and patch the
 * status of that one object (its {@code resourceNames}) and nothing else, all owned by the object,
 * so deleting it removes them.
 */
public final class StatusAccess {
  private StatusAccess() {}

  /**
   * @param plural the owner's resource, e.g. trainingruns
   */
  public static List<HasMetadata> build(
      HasMetadata owner, String plural, String account, Map<String, String> labels) {
    String namespace = owner.getMetadata().getNamespace();
    OwnerReference ownedBy = Owners.ownedBy(owner);
    return List.of(
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName(account)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(ownedBy)
            .endMetadata()
            .withAutomountServiceAccountToken(false)
            .build(),
        new RoleBuilder()
            .withNewMetadata()
            .withName(account)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(ownedBy)
            .endMetadata()
            .addNewRule()
            .withApiGroups("neuralforge.io")
            .withResources(plural + "/status")
            .withResourceNames(owner.getMetadata().getName())
            .withVerbs("get", "patch")
            .endRule()
            .build(),
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName(account)
            .withNamespace(namespace)
            .withLabels(labels)
            .withOwnerReferences(ownedBy)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "Role", account)
            .addNewSubject()
            .withKind("ServiceAccount")
            .withName(account)
            .withNamespace(namespace)
            .endSubject()
            .build());
  }
}
