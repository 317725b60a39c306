package io.neuralforge.operator.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Resources that name another object of their namespace (a run its Architecture, an export its
 * run): an index of the primary cache by the referenced name, and the mapper that turns the
 * referenced object's events into reconciles of everything that names it.
 */
public final class References {
  private References() {}

  /**
   * Indexes the primaries by namespace/referenced-name under {@code index}; a primary that names
   * nothing (its spec could not be read: {@code referencedName} gives null) is left out.
   */
  public static <P extends HasMetadata> void index(
      EventSourceContext<P> context, String index, Function<P, String> referencedName) {
    context
        .getPrimaryCache()
        .addIndexer(
            index,
            p -> {
              String name = referencedName.apply(p);
              return name == null ? List.of() : List.of(key(p.getMetadata().getNamespace(), name));
            });
  }

  /** The one object a primary names, as a mapper wants it; none when it names nothing. */
  public static Set<ResourceID> named(String name, HasMetadata primary) {
    return name == null
        ? Set.of()
        : Set.of(new ResourceID(name, primary.getMetadata().getNamespace()));
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
