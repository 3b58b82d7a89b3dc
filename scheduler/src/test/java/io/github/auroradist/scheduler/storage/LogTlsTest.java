package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicated log with TLS and mutual authentication between its peers (Ratis over gRPC). */
class LogTlsTest {
  @TempDir
  Path dir;
  private final List<RatisDurableLog> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(RatisDurableLog::close);
  }

  private record Peer(LogPeer address, InMemoryStores stores, Optional<LogTls> tls) {}

  private List<Peer> peers(List<Optional<LogTls>> tls) {
    List<Peer> peers = new ArrayList<>();
    for (Optional<LogTls> t : tls) {
      peers.add(new Peer(new LogPeer("127.0.0.1", Ports.free()), new InMemoryStores(), t));
    }
    return peers;
  }

  /** Opens every peer of one cluster, without waiting for a quorum (as the scheduler does). */
  private List<RatisDurableLog> open(List<Peer> peers) throws IOException {
    UUID cluster = UUID.randomUUID();
    List<LogPeer> addresses = peers.stream().map(Peer::address).toList();
    List<RatisDurableLog> logs = new ArrayList<>();
    for (Peer p : peers) {
      LogDirectory logDir = new LogDirectory(dir.resolve("peer-" + p.address().port()));
      logDir.initialize(cluster);
      RatisDurableLog log = RatisDurableLog.open(new RatisDurableLog.Options(logDir, addresses, p.address(), 10_000,
          Duration.ofSeconds(3), p.tls()), p.stores(), Duration.ZERO);
      opened.add(log);
      logs.add(log);
    }
    return logs;
  }

  @Test
  void peersWithCertificatesOfOneAuthorityReplicate() throws Exception {
    TestCertificates ca = TestCertificates.newAuthority(dir, "cluster-ca");
    List<Peer> peers = peers(List.of(Optional.of(ca.issue("scheduler1")), Optional.of(ca.issue("scheduler2")),
        Optional.of(ca.issue("scheduler3"))));
    List<RatisDurableLog> logs = open(peers);

    logs.get(2).awaitCaughtUp(Duration.ofSeconds(20));
    logs.get(2).append(new Transaction(List.of(new Op.SaveFrameworkId("framework-over-tls"))));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(peers)
        .allSatisfy(p -> assertThat(p.stores().frameworkId()).contains("framework-over-tls")));
    assertThat(logs.stream().filter(RatisDurableLog::isLeader)).hasSize(1);
  }

  @Test
  void aPeerWithACertificateOfAnotherAuthorityCanNeitherJoinNorRead() throws Exception {
    TestCertificates ca = TestCertificates.newAuthority(dir, "cluster-ca");
    TestCertificates rogueCa = TestCertificates.newAuthority(dir, "rogue-ca");
    List<Peer> peers = peers(List.of(Optional.of(ca.issue("scheduler1")), Optional.of(ca.issue("scheduler2")),
        Optional.of(rogueCa.issue("intruder"))));
    List<RatisDurableLog> logs = open(peers);

    // The two genuine peers are a quorum of three: they elect a leader and go on writing.
    logs.get(0).awaitCaughtUp(Duration.ofSeconds(20));
    logs.get(0).append(new Transaction(List.of(new Op.SaveFrameworkId("secret-framework"))));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(peers.get(1).stores().frameworkId())
        .contains("secret-framework"));

    // The intruder cannot write through them (its TLS handshakes fail both ways) and never received the entry.
    assertThatThrownBy(() -> logs.get(2).awaitCaughtUp(Duration.ofSeconds(3))).isInstanceOf(IOException.class);
    assertThat(peers.get(2).stores().frameworkId()).isEmpty();
    assertThat(logs.get(2).isLeader()).isFalse();
    assertThat(logs.subList(0, 2).stream().filter(RatisDurableLog::isLeader)).hasSize(1);
  }

  @Test
  void aPeerWithoutTlsCannotReadTheLog() throws Exception {
    TestCertificates ca = TestCertificates.newAuthority(dir, "cluster-ca");
    List<Peer> peers = peers(List.of(Optional.of(ca.issue("scheduler1")), Optional.of(ca.issue("scheduler2")),
        Optional.empty()));
    List<RatisDurableLog> logs = open(peers);

    logs.get(1).awaitCaughtUp(Duration.ofSeconds(20));
    logs.get(1).append(new Transaction(List.of(new Op.SaveFrameworkId("secret-framework"))));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(peers.get(0).stores().frameworkId())
        .contains("secret-framework"));

    assertThatThrownBy(() -> logs.get(2).awaitCaughtUp(Duration.ofSeconds(3))).isInstanceOf(IOException.class);
    assertThat(peers.get(2).stores().frameworkId()).isEmpty();
  }

  @Test
  void tlsNeedsAllThreeFilesAndNamesTheMissingFlag() {
    assertThat(LogTls.of(null, null, null)).isEmpty();
    assertThatThrownBy(() -> LogTls.of(dir.resolve("c.pem"), null, dir.resolve("ca.pem")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing -native_log_tls_key_path")
        .hasMessageNotContaining("missing -native_log_tls_cert_path");
    assertThatThrownBy(() -> LogTls.of(dir.resolve("c.pem"), dir.resolve("k.pem"), dir.resolve("ca.pem")))
        .hasMessageContaining("-native_log_tls_cert_path=" + dir.resolve("c.pem") + " is not a readable file");
  }
}
