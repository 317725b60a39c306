package io.neuralforge.operator.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /-/healthy} for the kubelet's liveness probe: 503, naming them, while an informer of a
 * started operator is unhealthy (stopped, or unable to watch), so that the pod restarts instead of
 * running on without seeing changes; 200 otherwise. Any other path is 404.
 */
public final class HealthEndpoint implements HttpHandler {
  public static final String PATH = "/-/healthy";
  private final Supplier<Optional<String>> problem;

  /**
   * @param problem what is unhealthy, or empty when all is well
   */
  public HealthEndpoint(Supplier<Optional<String>> problem) {
    this.problem = problem;
  }

  /** The operator's informers, once it has started (a standby replica has none to watch). */
  public static HealthEndpoint of(Operator operator) {
    return new HealthEndpoint(
        () -> {
          var runtime = operator.getRuntimeInfo();
          if (!runtime.isStarted() || runtime.allEventSourcesAreHealthy()) {
            return Optional.empty();
          }
          return Optional.of(
              "unhealthy informers: "
                  + runtime.unhealthyInformerWrappingEventSourceHealthIndicator());
        });
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        reply(exchange, 404, "not found\n");
        return;
      }
      Optional<String> wrong = problem.get();
      reply(exchange, wrong.isPresent() ? 503 : 200, wrong.map(w -> w + "\n").orElse("healthy\n"));
    }
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
