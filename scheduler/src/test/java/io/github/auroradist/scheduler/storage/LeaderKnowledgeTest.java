package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.grpc.server.GrpcServerProtocolClient;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.RaftProtos.TermIndexProto;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.util.TimeDuration;
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
  private final UUID cluster = UUID.randomUUID();

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

  /**
   * With no quorum (two of five left), a candidate that cannot win asks the other follower for pre-votes, and each
   * one granted moves that follower's Ratis last-RPC time without a term change: it must still stop naming the
   * leader it no longer hears from. Here the asking is done by hand, every 200 ms, in the dead leader's name (a
   * candidate Ratis does not weigh against the leader it knows), so the follower never calls an election itself.
   */
  @Test
  void aFollowerAskedForPreVotesStopsNamingALeaderItNoLongerHears() throws Exception {
    List<LogPeer> addresses = threePeers();
    RatisDurableLog leader = awaitLeader();
    LogPeer leaderPeer = addresses.get(opened.indexOf(leader));
    RatisDurableLog last = opened.stream().filter(l -> l != leader).toList().get(1);
    LogPeer lastPeer = addresses.get(opened.indexOf(last));
    await().atMost(Duration.ofSeconds(30)).until(() -> last.leaderId().equals(Optional.of(leaderPeer.id())));

    RaftPeer target = RaftPeer.newBuilder().setId(lastPeer.id()).setAddress(lastPeer.address()).build();
    AtomicInteger granted = new AtomicInteger();
    ScheduledExecutorService candidate = Executors.newSingleThreadScheduledExecutor();
    try (GrpcServerProtocolClient rpc = new GrpcServerProtocolClient(target, 1 << 20,
        TimeDuration.valueOf(1, TimeUnit.SECONDS), null, false)) {
      var asking = candidate.scheduleWithFixedDelay(() -> {
        try {
          if (rpc.requestVote(preVote(leaderPeer, lastPeer)).getServerReply().getSuccess()) {
            granted.incrementAndGet();
          }
        } catch (RuntimeException e) {
          // The follower may be busy; the next ask comes soon.
        }
      }, 0, 200, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> granted.get() > 0 || asking.isDone());
      assertThat(asking.isDone()).as("still asking").isFalse();

      opened.stream().filter(l -> l != last).forEach(RatisDurableLog::close);
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(last.leaderId()).isEmpty());
      int grantedBefore = granted.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> granted.get() > grantedBefore + 3);
      assertThat(last.leaderId()).as("while still granting pre-votes").isEmpty();
    } finally {
      candidate.shutdownNow();
    }
  }

  /** A pre-vote request from {@code candidate} whose log is ahead of anyone's. */
  private RequestVoteRequestProto preVote(LogPeer candidate, LogPeer to) {
    RaftRpcRequestProto rpc = RaftRpcRequestProto.newBuilder()
        .setRequestorId(RaftPeerId.valueOf(candidate.id()).toByteString())
        .setReplyId(RaftPeerId.valueOf(to.id()).toByteString())
        .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(RaftGroupId.valueOf(cluster).toByteString()))
        .build();
    return RequestVoteRequestProto.newBuilder().setServerRequest(rpc).setCandidateTerm(1_000_000).setPreVote(true)
        .setCandidateLastEntry(TermIndexProto.newBuilder().setTerm(1_000_000).setIndex(1_000_000)).build();
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
