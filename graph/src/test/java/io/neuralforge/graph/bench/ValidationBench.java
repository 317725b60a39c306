package io.neuralforge.graph.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuralforge.graph.GraphBuilder;
import io.neuralforge.testsupport.HackPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code make bench}: {@link ValidationBenchmark} beside its anchor, ONNX shape inference of the
 * same ResNet-50 exported by PyTorch with its weights stripped ({@code hack/py/bench_onnx.py}, in
 * process, single-threaded as ours), and the targets: validation at least 30 times faster than
 * ONNX, validation with the graph hash at most 1.5 times validation alone.
 */
public final class ValidationBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ValidationBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("neuralforge-bench");
    Path graph = work.resolve("resnet50.json");
    JSON.writeValue(graph.toFile(), GraphBuilder.resnet50());
    Path errors = work.resolve("python.err");
    String python = HackPython.python(errors);
    JsonNode onnx =
        JSON.readTree(HackPython.run(errors, python, "hack/py/bench_onnx.py", graph.toString()));

    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .include(ValidationBenchmark.class.getName())
                    .verbosity(VerboseMode.SILENT)
                    .build())
            .run();
    Map<String, Double> micros = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      micros.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
    }
    double resnet = micros.get("resnet50");
    double resnetHash = micros.get("resnet50WithHash");
    double chain = micros.get("nodes2000");
    double chainHash = micros.get("nodes2000WithHash");
    double anchor = onnx.get("microseconds").asDouble();

    System.out.printf(
        "%nValidation beside ONNX shape inference (one thread, average per graph)%n"
            + "                                              us/graph%n"
            + "neuralforge: validate ResNet-50            %10.1f%n"
            + "neuralforge: validate + graph hash         %10.1f   (%.2fx validation)%n"
            + "neuralforge: validate 2,000 nodes          %10.1f%n"
            + "neuralforge: validate + hash, 2,000 nodes  %10.1f   (%.2fx validation)%n"
            + "ONNX shape inference, ResNet-50            %10.1f   (%d ONNX nodes; torch %s"
            + " export, weights stripped; onnx %s)%n"
            + "validation speed-up over ONNX: %.1fx (target >= 30x); hash cost: %.2fx and %.2fx"
            + " of validation (target <= 1.5x)%n",
        resnet,
        resnetHash,
        resnetHash / resnet,
        chain,
        chainHash,
        chainHash / chain,
        anchor,
        onnx.get("onnxNodes").asInt(),
        onnx.get("torch").asText(),
        onnx.get("onnx").asText(),
        anchor / resnet,
        resnetHash / resnet,
        chainHash / chain);
  }
}
