package io.neuralforge.cli;

import io.neuralforge.api.v1alpha1.Phases;
import io.neuralforge.graph.GraphError;
import io.neuralforge.graph.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A readable per-node table, in the manner of {@code kubectl get -o wide}. */
final class TextReport {
  private TextReport() {}

  static String render(String name, ValidationResult result, String graphHash) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s: %s, %,d parameters, %s MACs, %s%n",
            name,
            result.valid() ? Phases.VALID : Phases.INVALID,
            result.parameterCount(),
            human(result.macs()),
            graphHash));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NODE", "TYPE", "OUTPUT SHAPE", "PARAMETERS", "MACS"});
    for (ValidationResult.NodeResult n : result.nodes()) {
      rows.add(
          new String[] {
            String.valueOf(n.id()),
            String.valueOf(n.type()),
            n.outputShape() == null ? "-" : n.outputShape().toString(),
            n.parameterCount() == null
                ? "-"
                : String.format(Locale.ROOT, "%,d", n.parameterCount()),
            n.macs() == null ? "-" : human(n.macs())
          });
    }
    out.append(table(rows));
    for (ValidationResult.OutputResult o : result.outputs()) {
      out.append("output ")
          .append(o.name())
          .append(": ")
          .append(o.shape() == null ? "-" : o.shape())
          .append('\n');
    }
    for (GraphError e : result.errors()) {
      out.append("error: ").append(e.describe()).append('\n');
    }
    return out.append('\n').toString();
  }

  /** One row per architecture: name, phase, parameters, MACs, error count. */
  static String summary(List<String> names, List<ValidationResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "PHASE", "PARAMETERS", "MACS", "ERRORS"});
    for (int i = 0; i < names.size(); i++) {
      ValidationResult r = results.get(i);
      rows.add(
          new String[] {
            names.get(i),
            r.valid() ? Phases.VALID : Phases.INVALID,
            String.format(Locale.ROOT, "%,d", r.parameterCount()),
            human(r.macs()),
            Integer.toString(r.errors().size())
          });
    }
    return table(rows);
  }

  /** 1814073344 -> 1.81G, as people read MAC counts. */
  static String human(long value) {
    String[] units = {"", "K", "M", "G", "T", "P"};
    double v = value;
    int unit = 0;
    while (Math.abs(v) >= 1000 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    return unit == 0 ? Long.toString(value) : String.format(Locale.ROOT, "%.2f%s", v, units[unit]);
  }

  private static String table(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(String.format("%-" + (widths[i] + 3) + "s", row[i]));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
