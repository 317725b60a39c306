package io.neuralforge.trainer.kube;

import java.io.IOException;

/**
 * The API server refused a status write because the object of that name is no longer the one this
 * pod was started for (its uid differs: deleted and created again). Retrying cannot help; writing
 * on would report this pod's training as the new object's.
 */
public final class ObjectReplacedException extends IOException {
  private static final long serialVersionUID = 1L;

  public ObjectReplacedException(String message) {
    super(message);
  }
}
