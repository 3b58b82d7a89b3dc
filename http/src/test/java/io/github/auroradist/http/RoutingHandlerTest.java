package io.github.auroradist.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The router behind a real Jetty server, asked over real HTTP. */
class RoutingHandlerTest {
  private static final long MAX_BODY = 4L << 20;
  static final int LONG_ANSWER = 2 << 20;
  static Server server;
  static int port;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Routes routes = new Routes()
        .get("/", x -> x.text(200, "root"))
        .get("/long", x -> x.text(200, "x".repeat(LONG_ANSWER)))
        .get("/jobs/{role}/{env}/{name}", x -> x.text(200, x.param("role") + "|" + x.param("env") + "|"
            + x.param("name") + "|" + x.query("q")))
        .post("/jobs/{role}/{env}/{name}", x -> x.text(201, "made " + x.param("name") + ": " + x.body(16)))
        .get("/jobs/summary/{role}/{env}/{name}", x -> x.text(200, "summary"))
        .get("/browse/{id}/{path*}", x -> x.text(200, x.param("id") + "[" + x.param("path") + "]"))
        .get("/slave(1)/state", x -> x.text(200, "literal"))
        .get("/files/a+b/{name}", x -> x.text(200, "file " + x.param("name")))
        .get("/fail/{how}", x -> {
          switch (x.param("how")) {
            case "http" -> throw new HttpError(409, "taken");
            case "arg" -> throw new IllegalArgumentException("bad arg");
            case "closed" -> throw new EofException("closed under the request");
            default -> throw new IllegalStateException("boom");
          }
        });
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new RoutingHandler(routes, (x, status, message, cause) -> x.text(status, "E:" + message),
        MAX_BODY, x -> {
          if (x.path().startsWith("/jobs/intercepted/")) {
            x.text(299, "intercepted");
            return true;
          }
          return false;
        }));
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  static HttpResponse<String> send(String method, String path, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String get(String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null);
    return r.statusCode() + " " + r.body();
  }

  /** The request line exactly as written, for paths an HTTP client would normalize. */
  static String raw(String target) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
  }

  @Test
  void templatesDecodeEachSegmentAndKeepPlus() throws Exception {
    assertThat(get("/")).isEqualTo("200 root");
    assertThat(get("/jobs/www-data/prod/a+b?q=x+y")).isEqualTo("200 www-data|prod|a+b|x y");
    assertThat(get("/jobs/www-data/prod/a%20b/")).isEqualTo("200 www-data|prod|a b|null");
    assertThat(get("/jobs/summary/r/e/n")).isEqualTo("200 summary");
    assertThat(get("/jobs/r/e")).startsWith("404 E:no such page: /jobs/r/e");
  }

  @Test
  void tailsTakeTheRestOfThePath() throws Exception {
    assertThat(get("/browse/t1/a/b%20c.txt")).isEqualTo("200 t1[a/b c.txt]");
    assertThat(get("/browse/t1")).isEqualTo("200 t1[]");
    assertThat(get("/browse/t1/")).isEqualTo("200 t1[]");
  }

  @Test
  void charactersUriTemplatesReserveMatchLiterally() throws Exception {
    assertThat(get("/slave(1)/state")).isEqualTo("200 literal");
    assertThat(get("/slave1/state")).startsWith("404 ");
    assertThat(get("/files/a+b/c+d")).isEqualTo("200 file c+d");
    assertThat(get("/files/aab/c")).startsWith("404 ");
    assertThatThrownBy(() -> new Routes().get("/a*b", x -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'*' outside a tail variable");
  }

  @Test
  void encodedSlashesAndDotSegmentsNeverReachARoute() throws Exception {
    assertThat(raw("/browse/t1/a%2Fb")).contains(" 400 ");
    assertThat(raw("/browse/t1/%2e%2e/%2e%2e/etc/passwd")).contains(" 400 ");
    assertThat(raw("/browse/t1/../../etc/passwd")).doesNotContain(" 200 ");
  }

  @Test
  void methodsHeadAndAllow() throws Exception {
    HttpResponse<String> head = send("HEAD", "/jobs/r/e/n", null);
    assertThat(head.statusCode()).isEqualTo(200);
    HttpResponse<String> put = send("PUT", "/jobs/r/e/n", new byte[0]);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("allow")).contains("GET, HEAD, POST");
    assertThat(put.body()).contains("PUT is not allowed on /jobs/r/e/n");
    assertThat(send("POST", "/jobs/r/e/n", "hi".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("made n: hi");
  }

  @Test
  void aBodyNoRouteReadsIsReadOffSoTheAnswerArrives() throws Exception {
    // Large enough that the client is still sending when the answer is ready: unread, the server would close
    // the connection under it and the client would see no answer at all.
    byte[] body = new byte[3 << 20];
    HttpResponse<String> noPage = send("POST", "/no/such/page", body);
    assertThat(noPage.statusCode()).isEqualTo(404);
    HttpResponse<String> wrongMethod = send("PUT", "/jobs/r/e/n", body);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("connection")).isEmpty();
  }

  @Test
  void aBodySentWithAGetIsReadOffSoALongAnswerArrivesWhole() throws Exception {
    // A GET route never reads a body; left unread, the connection was reset under the answer and cut it off.
    byte[] body = new byte[3 << 20];
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = send("GET", "/long", body);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).hasSize(LONG_ANSWER);
    }
  }

  @Test
  void aBodyOverTheServersLimitIsRefusedWithItsSizeWhateverTheRoute() throws Exception {
    byte[] body = new byte[(int) MAX_BODY + 1];
    for (String path : new String[] {"/no/such/page", "/", "/jobs/r/e/n"}) {
      HttpResponse<String> refused = send("POST", path, body);
      assertThat(refused.statusCode()).as(path).isEqualTo(413);
      assertThat(refused.body()).as(path).contains("body: longer than " + MAX_BODY + " bytes");
      assertThat(refused.headers().firstValue("connection")).as(path).contains("close");
    }
  }

  @Test
  void bodiesAreBoundedAndMustBeUtf8() throws Exception {
    HttpResponse<String> big = send("POST", "/jobs/r/e/n", new byte[17]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("longer than 16 bytes");
    assertThat(big.headers().firstValue("connection")).contains("close");
    HttpResponse<String> bad = send("POST", "/jobs/r/e/n", new byte[] {'a', (byte) 0xff, 'b'});
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("not valid UTF-8", "near byte 1");
  }

  @Test
  void failuresBecomeAnswers() throws Exception {
    assertThat(get("/fail/http")).isEqualTo("409 E:taken");
    assertThat(get("/fail/arg")).isEqualTo("400 E:bad arg");
    assertThat(get("/fail/other")).isEqualTo("500 E:internal error: java.lang.IllegalStateException: boom");
    // A connection closed under the request (a scheduler stepping down closes its connections): retry, not a 500.
    assertThat(get("/fail/closed")).isEqualTo(
        "503 E:the connection closed while this request was handled (the server is stopping); retry");
    assertThat(get("/jobs/intercepted/e/n")).isEqualTo("299 intercepted");
  }
}
