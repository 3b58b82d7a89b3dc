package io.github.auroradist.scheduler.security;

import static io.github.auroradist.scheduler.testing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.common.discovery.ServerSetMember;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.testing.Directories;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import io.github.auroradist.scheduler.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
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
    Path keystore = TestCertificates.serverKeystore(dir);
    Path password = Files.writeString(dir.resolve("keystore-password"), TestCertificates.PASSWORD + "\n");
    trustingTheCa = TestCertificates.trusting(dir.resolve("ca.pem"));
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
