package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resources that name another object of their namespace (a run its Architecture, an export its
 * run): an index of the primary cache by the referenced name, and the mapper that turns the
 * referenced object's events into reconciles of everything that names it.
 */
public final class References {
  private References() {}

  /** Indexes the primaries by namespace/referenced-name under {@code index}. */
  public static <P extends HasMetadata> void index(
      EventSourceContext<P> context, String index, Function<P, String> referencedName) {
    context
        .getPrimaryCache()
        .addIndexer(
            index, p -> List.of(key(p.getMetadata().getNamespace(), referencedName.apply(p))));
  }

  /** The primaries whose {@code index} entry names {@code referenced}. */
  public static <P extends HasMetadata, R extends HasMetadata>
      SecondaryToPrimaryMapper<R> referrers(EventSourceContext<P> context, String index) {
    return referenced ->
        context
            .getPrimaryCache()
            .byIndex(
                index,
                key(referenced.getMetadata().getNamespace(), referenced.getMetadata().getName()))
            .stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
