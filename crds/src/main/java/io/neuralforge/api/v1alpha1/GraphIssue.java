package io.neuralforge.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One problem in the graph. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GraphIssue {

  /** The node id (or model input name) at fault; absent for the graph as a whole. */
  public String node;

  /** The param key or field at fault, e.g. kernelSize or inputs. */
  public String field;

  /** What is wrong and what to change. */
  public String message;
}
