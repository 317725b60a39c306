package io.neuralforge.operator.trainingsweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.neuralforge.api.v1alpha1.Labels;
import io.neuralforge.api.v1alpha1.RunStopRequest;
import io.neuralforge.operator.status.BoundedText;

/**
 * The JSON merge patch that carries out a judgement on a run: its uid (the API server refuses the
 * patch when the run of that name is another object), the epoch judged, the rungs it recorded, the
 * stop request. Pure.
 */
final class RunStopPatch {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunStopPatch() {}

  static String of(EarlyStoppingJudge.Judgement judgement) {
    ObjectNode patch = JSON.createObjectNode();
    ObjectNode metadata = patch.putObject("metadata");
    metadata.put("uid", judgement.run().getMetadata().getUid());
    ObjectNode annotations = metadata.putObject("annotations");
    annotations.put(Labels.SWEEP_JUDGED, Integer.toString(judgement.epoch()));
    if (judgement.rungs() != null) {
      annotations.put(Labels.SWEEP_RUNGS, EarlyStoppingJudge.rungsText(judgement.rungs()));
    }
    if (judgement.stop() != null) {
      String message = BoundedText.cut(judgement.stop(), RunStopRequest.MAX_MESSAGE);
      patch.putObject("spec").putObject("runPolicy").putObject("stop").put("message", message);
    }
    return patch.toString();
  }
}
