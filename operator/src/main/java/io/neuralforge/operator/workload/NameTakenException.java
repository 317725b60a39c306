package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The name of an object to create is held by an object another owner controls: most often the
 * object of an earlier resource of the same name, deleted and created again, which the garbage
 * collector has not removed yet. It is never adopted; the creator waits and tries again.
 */
public final class NameTakenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient HasMetadata existing;

  public NameTakenException(HasMetadata wanted, HasMetadata existing) {
    super(
        wanted.getKind()
            + " "
            + wanted.getMetadata().getNamespace()
            + "/"
            + wanted.getMetadata().getName()
            + " exists but belongs to "
            + owner(existing)
            + ", not to this one (uid "
            + Owners.controllerUid(wanted)
            + "); waiting for the garbage collector to remove it");
    this.existing = existing;
  }

  /** The object holding the name, as the API server had it. */
  public HasMetadata existing() {
    return existing;
  }

  private static String owner(HasMetadata existing) {
    String uid = Owners.controllerUid(existing);
    return uid == null
        ? "no owner"
        : "another owner (uid " + uid + ", an earlier object of the same name?)";
  }
}
