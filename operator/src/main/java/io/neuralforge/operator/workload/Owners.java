package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Objects;

/**
 * Ownership of what the operator creates: deleting the resource deletes it (garbage collection).
 */
public final class Owners {
  private Owners() {}

  /** A controller reference to {@code owner}; the owner waits for the owned to go. */
  public static OwnerReference ownedBy(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * The uid of the object that controls {@code owned} (its controller owner reference), or null.
   * Identity is the uid: a re-created owner of the same name is another owner.
   */
  public static String controllerUid(HasMetadata owned) {
    var references = owned.getMetadata().getOwnerReferences();
    if (references == null) {
      return null;
    }
    return references.stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .map(OwnerReference::getUid)
        .findFirst()
        .orElse(null);
  }

  /** Whether the object with {@code uid} controls {@code owned}. */
  public static boolean controlledBy(HasMetadata owned, String uid) {
    return uid != null && Objects.equals(uid, controllerUid(owned));
  }
}
