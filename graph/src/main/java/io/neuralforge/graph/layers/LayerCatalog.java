package io.neuralforge.graph.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every layer type of ARCHITECTURE-SPEC.md, by catalog name. */
public final class LayerCatalog {
  private static final Map<String, LayerType> TYPES = load();

  private LayerCatalog() {}

  private static Map<String, LayerType> load() {
    Map<String, LayerType> types = new LinkedHashMap<>();
    Stream.of(
            DenseLayers.types(),
            ConvolutionLayers.types(),
            PoolingLayers.types(),
            NormalizationLayers.types(),
            Activations.types(),
            StructureLayers.types(),
            SequenceLayers.types())
        .flatMap(List::stream)
        .forEach(t -> types.put(t.name(), t));
    return Collections.unmodifiableMap(types);
  }

  /** The type of that exact (case-sensitive) name, or null. */
  public static LayerType find(String name) {
    return name == null ? null : TYPES.get(name);
  }

  public static Map<String, LayerType> all() {
    return TYPES;
  }

  /** A catalog name equal to {@code name} but for case, to suggest; or null. */
  public static String suggest(String name) {
    if (name == null) {
      return null;
    }
    for (String known : TYPES.keySet()) {
      if (known.equalsIgnoreCase(name)) {
        return known;
      }
    }
    return null;
  }
}
