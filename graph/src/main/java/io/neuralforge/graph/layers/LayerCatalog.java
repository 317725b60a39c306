package io.neuralforge.graph.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every layer type an Architecture may use (docs/crd-reference.md, README), by catalog name. */
public final class LayerCatalog {
  private static final Map<LayerFamily, List<LayerType>> FAMILIES =
      Map.of(
          LayerFamily.DENSE, DenseLayers.types(),
          LayerFamily.CONVOLUTION, ConvolutionLayers.types(),
          LayerFamily.POOLING, PoolingLayers.types(),
          LayerFamily.NORMALIZATION, NormalizationLayers.types(),
          LayerFamily.ACTIVATION, Activations.types(),
          LayerFamily.STRUCTURE, StructureLayers.types(),
          LayerFamily.SEQUENCE, SequenceLayers.types());
  private static final Map<String, LayerType> TYPES = load();
  private static final Map<String, LayerFamily> FAMILY_OF = families();

  private LayerCatalog() {}

  private static Map<String, LayerType> load() {
    Map<String, LayerType> types = new LinkedHashMap<>();
    Stream.of(LayerFamily.values())
        .flatMap(f -> FAMILIES.get(f).stream())
        .forEach(t -> types.put(t.name(), t));
    return Collections.unmodifiableMap(types);
  }

  private static Map<String, LayerFamily> families() {
    Map<String, LayerFamily> families = new LinkedHashMap<>();
    FAMILIES.forEach((family, types) -> types.forEach(t -> families.put(t.name(), family)));
    return Collections.unmodifiableMap(families);
  }

  /** The family of a catalog type, or null for a name not in the catalog. */
  public static LayerFamily familyOf(String name) {
    return name == null ? null : FAMILY_OF.get(name);
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
