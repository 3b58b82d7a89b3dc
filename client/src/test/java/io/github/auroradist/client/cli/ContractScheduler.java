package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on loopback that answers in the shapes docs/api.md gives the scheduler's endpoints (sla_drain,
 * reconcile, prune, recovery, ...). It records every request, so tests check what the client sent, and answers each
 * route with what the test registered. Cluster {@code contract} in
 * the clusters.json it writes points at it. Given a TLS context it serves HTTPS instead.
 */
final class ContractScheduler implements AutoCloseable {
  /** A request as it arrived. */
  record Request(String method, String path, String query, JsonNode body, Headers headers) {}

  /** An answer: HTTP status, JSON body and extra headers. */
  record Answer(int status, String json, Map<String, String> headers) {
    Answer(int status, String json) {
      this(status, json, Map.of());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<Request, Answer>> routes = new ConcurrentHashMap<>();
  private final HttpServer server;

  ContractScheduler() throws IOException {
    this(null);
  }

  /** Serves HTTPS with {@code tls}'s key and certificate, or HTTP when it is null. */
  ContractScheduler(SSLContext tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    answer("GET /leaderhealth", r -> new Answer(200, "{}"));
    server.createContext("/", exchange -> {
      try (exchange) {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
          byte[] bytes = in.readAllBytes();
          body = bytes.length == 0 ? null : JSON.readTree(bytes);
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getQuery(), body, exchange.getRequestHeaders());
        Function<Request, Answer> route = routes.get(request.method() + " " + request.path());
        Answer answer = route == null ? new Answer(404, "{\"code\": \"NOT_FOUND\", \"message\": \"no route\"}")
            : route.apply(request);
        if (!request.path().equals("/leaderhealth")) {
          requests.add(request);
        }
        byte[] out = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(answer.status(), out.length);
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    });
    server.start();
  }

  /** Answers {@code "METHOD /path"} with what {@code route} makes of the request. */
  ContractScheduler answer(String route, Function<Request, Answer> answer) {
    routes.put(route, answer);
    return this;
  }

  ContractScheduler answer(String route, int status, String json) {
    return answer(route, r -> new Answer(status, json));
  }

  /** The server's address, e.g. {@code https://127.0.0.1:41234}. */
  URI uri() {
    return URI.create((server instanceof HttpsServer ? "https" : "http") + "://"
        + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  /** Writes a clusters.json with cluster {@code contract} on this server and makes the commands read it. */
  void useAsCluster(Path dir) throws IOException {
    Path clusters = Files.writeString(dir.resolve("contract-clusters.json"), "[{\"name\": \"contract\","
        + " \"scheduler_uri\": \"http://127.0.0.1:" + server.getAddress().getPort() + "\"}]");
    ClientContext.clusterFiles = List.of(clusters);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    ClientContext.clusterFiles = null;
    server.stop(0);
  }
}
