package io.neuralforge.api.reading;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;

/**
 * A Jackson module that reads every {@link ReadProblems} resource leniently: an object whose status
 * does not fit is read without it (the operator writes status again); one whose spec does not fit
 * is read with its metadata and status alone (metadata alone when neither fits) and the problem in
 * one line, instead of failing the whole list or watch event it came in, which would stop the
 * informer and, with it, the operator.
 */
public final class TolerantReading {
  /**
   * Deeper than any resource of ours is written, far below the 10,000 levels the API server
   * accepts.
   */
  public static final int MAX_DEPTH = 64;

  /**
   * The nesting the API server accepts (10,000 levels) plus a list around it: the mapper must read
   * as deep, or one object fails the whole list it comes in.
   */
  public static final int API_SERVER_DEPTH = 10_002;

  private TolerantReading() {}

  /** The problem of a value nested beyond {@link #MAX_DEPTH} in {@code field}. */
  static String tooDeep(String field) {
    return field + ": nested more than " + MAX_DEPTH + " levels deep";
  }

  /** Registers the module on {@code mapper} and returns it. */
  public static ObjectMapper on(ObjectMapper mapper) {
    SimpleModule module = new SimpleModule("neuralforge-tolerant-reading");
    module.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> strict) {
            Class<?> type = bean.getBeanClass();
            return ReadProblems.class.isAssignableFrom(type)
                    && HasMetadata.class.isAssignableFrom(type)
                ? new Tolerant(type, strict)
                : strict;
          }
        });
    return mapper.registerModule(module);
  }

  private static final class Tolerant extends StdDeserializer<Object>
      implements ResolvableDeserializer, ContextualDeserializer {
    private final JsonDeserializer<?> strict;

    Tolerant(Class<?> type, JsonDeserializer<?> strict) {
      super(type);
      this.strict = strict;
    }

    @Override
    public void resolve(DeserializationContext ctxt) throws JsonMappingException {
      if (strict instanceof ResolvableDeserializer resolvable) {
        resolvable.resolve(ctxt);
      }
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
        throws JsonMappingException {
      return strict instanceof ContextualDeserializer contextual
          ? new Tolerant(handledType(), contextual.createContextual(ctxt, property))
          : this;
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode tree = ctxt.readTree(p);
      if (tree instanceof ObjectNode object) {
        String tooDeep = TreeDepth.firstBeyond(object, MAX_DEPTH);
        if (tooDeep != null) {
          // Kept whole, it would be cloned and compared recursively on every reconcile.
          String field = tooDeep.split("[.\\[]", 2)[0];
          Object without = without(object, field, p, ctxt);
          if ("status".equals(field) && without != null) {
            return without; // as any status that does not fit: the operator writes it again
          }
          Object resource = without != null ? without : metadataOnly(object, ctxt);
          ((ReadProblems) resource).readProblem(tooDeep(tooDeep));
          return resource;
        }
      }
      try {
        return strictly(tree, p, ctxt);
      } catch (JacksonException whole) {
        if (!(tree instanceof ObjectNode object)) {
          throw whole;
        }
        Object withoutStatus = without(object, "status", p, ctxt);
        if (withoutStatus != null) {
          return withoutStatus;
        }
        String problem = ReadProblem.describe(whole);
        Object withoutSpec = without(object, "spec", p, ctxt);
        Object resource = withoutSpec != null ? withoutSpec : metadataOnly(tree, ctxt);
        ((ReadProblems) resource).readProblem(problem);
        return resource;
      }
    }

    /** The object read without {@code field}, or null when it still does not fit. */
    private Object without(
        ObjectNode object, String field, JsonParser p, DeserializationContext ctxt)
        throws IOException {
      if (!object.has(field)) {
        return null;
      }
      // a copy of the top level only: deepCopy would recurse as deep as the object goes
      ObjectNode rest = object.objectNode();
      object.fields().forEachRemaining(f -> rest.set(f.getKey(), f.getValue()));
      rest.remove(field);
      try {
        return strictly(rest, p, ctxt);
      } catch (JacksonException stillNot) {
        return null;
      }
    }

    private Object strictly(JsonNode tree, JsonParser p, DeserializationContext ctxt)
        throws IOException {
      try (JsonParser own = tree.traverse(p.getCodec())) {
        own.nextToken();
        return strict.deserialize(own, ctxt);
      }
    }

    private Object metadataOnly(JsonNode tree, DeserializationContext ctxt) throws IOException {
      Object resource;
      try {
        resource = handledType().getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            handledType() + " has no public no-argument constructor", e);
      }
      JsonNode metadata = tree.get("metadata");
      if (metadata != null && metadata.isObject()) {
        ((HasMetadata) resource).setMetadata(ctxt.readTreeAsValue(metadata, ObjectMeta.class));
      }
      return resource;
    }
  }
}
