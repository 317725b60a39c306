package io.neuralforge.api.reading;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * A custom resource that {@link TolerantReading} may hand over without the part that did not fit,
 * with the problem held here (never serialized: it is what the reader saw, not the object).
 */
public abstract class TolerantResource<S, T> extends CustomResource<S, T> implements ReadProblems {
  private static final long serialVersionUID = 1L;

  @JsonIgnore private transient String readProblem;

  @Override
  public String readProblem() {
    return readProblem;
  }

  @Override
  public void readProblem(String problem) {
    this.readProblem = problem;
  }
}
