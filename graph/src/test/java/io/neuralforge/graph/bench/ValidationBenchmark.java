package io.neuralforge.graph.bench;

import io.neuralforge.graph.GraphBuilder;
import io.neuralforge.graph.GraphHash;
import io.neuralforge.graph.GraphSpec;
import io.neuralforge.graph.GraphValidator;
import io.neuralforge.graph.ValidationResult;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation time of a ResNet-50-sized graph (~175 nodes) and of a 2000-node graph; run with {@code
 * make bench} ({@link ValidationBench} prints them beside ONNX shape inference). The {@code
 * WithHash} variants add the canonical-JSON SHA-256 that the status also carries. Two forks, as the
 * JIT's inlining choices differ from one JVM to the next.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ValidationBenchmark {
  private GraphSpec resnet50;
  private GraphSpec twoThousandNodes;

  @Setup
  public void build() {
    resnet50 = GraphBuilder.resnet50();
    twoThousandNodes = GraphBuilder.residualChain(500);
    if (!GraphValidator.validate(resnet50).valid()
        || !GraphValidator.validate(twoThousandNodes).valid()) {
      throw new IllegalStateException("benchmark graphs must be valid");
    }
  }

  @Benchmark
  public ValidationResult resnet50() {
    return GraphValidator.validate(resnet50);
  }

  @Benchmark
  public ValidationResult nodes2000() {
    return GraphValidator.validate(twoThousandNodes);
  }

  /** What the operator computes per reconcile: validation plus the graph hash. */
  @Benchmark
  public String resnet50WithHash() {
    return GraphValidator.validate(resnet50).parameterCount() + GraphHash.of(resnet50);
  }

  @Benchmark
  public String nodes2000WithHash() {
    return GraphValidator.validate(twoThousandNodes).parameterCount()
        + GraphHash.of(twoThousandNodes);
  }
}
