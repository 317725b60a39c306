package io.neuralforge.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
  @Test
  void anUnhealthyInformerMakesTheProbeFailAndSaysWhich() throws Exception {
    AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", new HealthEndpoint(problem::get));
    server.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      HttpResponse<String> ok = get(http, base + HealthEndpoint.PATH);
      assertThat(ok.statusCode()).isEqualTo(200);
      problem.set(Optional.of("unhealthy informers: {trainingrun={Architecture=STOPPED}}"));
      HttpResponse<String> failing = get(http, base + HealthEndpoint.PATH);
      assertThat(failing.statusCode()).isEqualTo(503);
      assertThat(failing.body()).contains("Architecture");
      assertThat(get(http, base + "/elsewhere").statusCode()).isEqualTo(404);
    } finally {
      server.stop(0);
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
