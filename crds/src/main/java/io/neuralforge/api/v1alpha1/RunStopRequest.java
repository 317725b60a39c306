package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A request that the run end early, as if its epochs were done: the trainer stops at the end of the
 * epoch it is in, keeps its best model and artifacts, and the run ends Succeeded with reason
 * EarlyStopped and this message. A sweep's early-stopping rule sets it; a user may too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RunStopRequest {
  /** Maximum length of the message. */
  public static final int MAX_MESSAGE = 512;

  /** Why, in a line: the run's condition message once it stops. */
  @Required
  @Size(min = 1, max = MAX_MESSAGE)
  public String message;

  public RunStopRequest() {}

  public RunStopRequest(String message) {
    this.message = message;
  }
}
