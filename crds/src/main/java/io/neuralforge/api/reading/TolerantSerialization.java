package io.neuralforge.api.reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes client's serialization with {@link TolerantReading}: JSON is read as deep as the
 * API server stores it, and a watch event's object, which the client first reads generically and
 * then converts (recursively, so a deep enough object overflows the stack), is refused as too deep
 * before that conversion.
 */
public final class TolerantSerialization extends KubernetesSerialization {
  public TolerantSerialization() {
    super(TolerantReading.on(new ObjectMapper(asDeepAsTheApiServer())), true);
  }

  private static JsonFactory asDeepAsTheApiServer() {
    return JsonFactory.builder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(TolerantReading.API_SERVER_DEPTH)
                .build())
        .build();
  }

  @Override
  public <T> T convertValue(Object value, Class<T> type) {
    if (value instanceof GenericKubernetesResource generic
        && ReadProblems.class.isAssignableFrom(type)) {
      String tooDeep =
          TreeDepth.firstBeyond(generic.getAdditionalProperties(), TolerantReading.MAX_DEPTH);
      if (tooDeep != null) {
        // the rest of the object (its status, when the spec is what goes deep) still reads
        GenericKubernetesResource rest = new GenericKubernetesResource();
        rest.setApiVersion(generic.getApiVersion());
        rest.setKind(generic.getKind());
        rest.setMetadata(generic.getMetadata());
        String field = tooDeep.split("[.\\[]", 2)[0];
        generic
            .getAdditionalProperties()
            .forEach(
                (key, held) -> {
                  if (!key.equals(field)) {
                    rest.setAdditionalProperty(key, held);
                  }
                });
        T resource = super.convertValue(rest, type);
        ((ReadProblems) resource).readProblem(TolerantReading.tooDeep(tooDeep));
        return resource;
      }
    }
    return super.convertValue(value, type);
  }
}
