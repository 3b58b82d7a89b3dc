package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.scheduler.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which leader a scheduler names (and sends requests to): only one it heard from lately. A follower that names a
 * silent leader, or itself after stepping down, bounces clients between schedulers (the fault loop saw three
 * clients redirected until their HTTP client gave up).
 */
class LeaderKnowledgeTest {
  @TempDir
  Path dir;
  private final List<RatisDurableLog> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(RatisDurableLog::close);
  }

  @Test
  void aFollowerStopsNamingALeaderThatWentSilent() throws Exception {
    List<LogPeer> addresses = threePeers();
    RatisDurableLog leader = awaitLeader();
    String leaderId = addresses.get(opened.indexOf(leader)).id();
    List<RatisDurableLog> followers = opened.stream().filter(l -> l != leader).toList();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(followers)
        .allSatisfy(f -> assertThat(f.leaderId()).contains(leaderId)));

    // The leader and one follower go: the last scheduler can elect no one, and must not keep naming the old leader.
    leader.close();
    followers.get(0).close();
    RatisDurableLog last = followers.get(1);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(last.leaderId()).isEmpty());
    assertThat(last.isLeader()).isFalse();
  }

  @Test
  void aLeaderThatLostItsFollowersNamesNoLeader() throws Exception {
    threePeers();
    RatisDurableLog leader = awaitLeader();
    opened.stream().filter(l -> l != leader).forEach(RatisDurableLog::close);

    await().atMost(Duration.ofSeconds(30)).until(() -> !leader.isLeader());
    assertThat(leader.leaderId()).isEmpty();
  }

  private List<LogPeer> threePeers() throws Exception {
    UUID cluster = UUID.randomUUID();
    List<LogPeer> addresses = List.of(new LogPeer("127.0.0.1", Ports.free()), new LogPeer("127.0.0.1", Ports.free()),
        new LogPeer("127.0.0.1", Ports.free()));
    for (LogPeer p : addresses) {
      LogDirectory logDir = new LogDirectory(dir.resolve("peer-" + p.port()));
      logDir.initialize(cluster);
      RatisDurableLog log = RatisDurableLog.open(new RatisDurableLog.Options(logDir, addresses, p, 10_000,
          Duration.ofSeconds(3), Optional.empty()), new InMemoryStores(), Duration.ZERO);
      opened.add(log);
    }
    return addresses;
  }

  private RatisDurableLog awaitLeader() throws Exception {
    opened.get(0).awaitCaughtUp(Duration.ofSeconds(30));
    return await().atMost(Duration.ofSeconds(30))
        .until(() -> opened.stream().filter(RatisDurableLog::isLeader).findFirst(), Optional::isPresent).get();
  }

  @Test
  void onlyAnotherPeerHeardFromWithinTheElectionTimeoutIsTheLeader() {
    assertThat(RatisDurableLog.knownLeader("b", "a", true, 150)).contains("b");
    assertThat(RatisDurableLog.knownLeader("b", "a", true, 2_000)).contains("b");
    assertThat(RatisDurableLog.knownLeader("b", "a", true, 2_001)).isEmpty();
    assertThat(RatisDurableLog.knownLeader("a", "a", true, 10)).as("itself, just after stepping down").isEmpty();
    assertThat(RatisDurableLog.knownLeader("b", "a", false, 10)).as("a candidate").isEmpty();
  }
}
