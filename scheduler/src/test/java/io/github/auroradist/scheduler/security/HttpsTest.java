package io.github.auroradist.scheduler.security;

import static io.github.auroradist.scheduler.testing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.common.discovery.ServerSetMember;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Directories;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTPS with a certificate from a CA the test makes with keytool, the plain port's redirect, and the serverset. */
class HttpsTest {
  static Path dir;
  static TestingServer zk;
  static Scheduler scheduler;
  static SSLContext trustingTheCa;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("https-test");
    Path keystore = serverKeystore(dir);
    Path password = Files.writeString(dir.resolve("keystore-password"), "storepass\n");
    trustingTheCa = trusting(dir.resolve("ca.pem"));
    zk = new TestingServer(true);
    scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS, "-https_port=" + Ports.free(), "-https_keystore_path=" + keystore,
        "-https_keystore_password_file=" + password, "-http_redirect_to_https=true",
        "-zk_endpoints=" + zk.getConnectString()));
  }

  @AfterAll
  static void stop() throws IOException {
    if (scheduler != null) {
      scheduler.close();
    }
    if (zk != null) {
      zk.close();
    }
    Directories.deleteTree(dir);
  }

  /**
   * A CA ({@code ca.pem}), and a server key for localhost and 127.0.0.1 signed by it, in a PKCS12 keystore with the
   * chain (password {@code storepass}).
   */
  static Path serverKeystore(Path dir) throws Exception {
    Path ca = dir.resolve("ca.p12");
    Path server = dir.resolve("server.p12");
    keytool(dir, "-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=Test CA", "-ext",
        "bc:c", "-keyalg", "EC", "-validity", "2");
    keytool(dir, "-exportcert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-file", "ca.pem");
    keytool(dir, "-genkeypair", "-keystore", server.toString(), "-alias", "server", "-dname", "CN=localhost",
        "-keyalg", "EC", "-validity", "2");
    keytool(dir, "-certreq", "-keystore", server.toString(), "-alias", "server", "-file", "server.csr");
    keytool(dir, "-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", "server.csr", "-outfile",
        "server.pem", "-rfc", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2");
    keytool(dir, "-importcert", "-noprompt", "-keystore", server.toString(), "-alias", "ca", "-file", "ca.pem");
    keytool(dir, "-importcert", "-keystore", server.toString(), "-alias", "server", "-file", "server.pem");
    return server;
  }

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", "storepass"));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }

  static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  static HttpResponse<String> send(SSLContext tls, HttpRequest request) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static URI https(String path) {
    return URI.create("https://localhost:" + scheduler.httpsPort() + path);
  }

  @Test
  void theApiServesHttpsWithTheCasCertificate() throws Exception {
    HttpResponse<String> health = send(trustingTheCa, HttpRequest.newBuilder(https("/health")).build());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("OK\n");
    HttpResponse<String> created = send(trustingTheCa, HttpRequest.newBuilder(https("/api/jobs"))
        .header("Content-Type", "application/json").header("Origin", "https://localhost:" + scheduler.httpsPort())
        .POST(HttpRequest.BodyPublishers.ofString(job("www-data", "prod", "secure", 1))).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    assertThatThrownBy(() -> send(SSLContext.getDefault(), HttpRequest.newBuilder(https("/health")).build()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void thePlainPortRedirectsAllButTheProcessPages() {
    Http plain = new Http(scheduler.httpPort());
    Http.Reply jobs = plain.get("/api/jobs?role=www-data");
    assertThat(jobs.status()).isEqualTo(308);
    assertThat(jobs.location()).isEqualTo("https://127.0.0.1:" + scheduler.httpsPort() + "/api/jobs?role=www-data");
    assertThat(plain.post("/api/jobs", job("www-data", "prod", "plain", 1)).status()).isEqualTo(308);
    assertThat(plain.get("/health").status()).isEqualTo(200);
    assertThat(plain.get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void theServersetMemberNamesTheHttpsEndpoint() throws Exception {
    try (CuratorFramework reader = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
      reader.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> reader.checkExists().forPath("/aurora/scheduler") != null
          && !reader.getChildren().forPath("/aurora/scheduler").isEmpty());
      String member = reader.getChildren().forPath("/aurora/scheduler").get(0);
      ServerSetMember announced = ServerSetMember.parse(reader.getData().forPath("/aurora/scheduler/" + member))
          .orElseThrow();
      assertThat(announced.additionalEndpoints().get("https"))
          .isEqualTo(new ServerSetMember.Endpoint("localhost", scheduler.httpsPort()));
      assertThat(announced.additionalEndpoints().get("http").port()).isEqualTo(scheduler.httpPort());
    }
  }
}
