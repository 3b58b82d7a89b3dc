package io.github.auroradist.scheduler.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.metrics.impl.DefaultTimekeeperImpl;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.metrics.RaftServerMetricsImpl;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log as an Apache Ratis (Raft) group whose peers are the cluster's schedulers. A
 * transaction is durable once a quorum of peers has it; the state machine then applies it to the
 * stores on every peer.
 */
public final class RatisDurableLog implements DurableLog {
  private static final Logger LOG = LoggerFactory.getLogger(RatisDurableLog.class);
  /** The largest log entry Ratis is set up to take; bigger transactions are refused before writing. */
  public static final int MAX_ENTRY_BYTES = 6 << 20;
  /** A follower calls an election when it has not heard from the leader for this long (at most). */
  private static final Duration ELECTION_TIMEOUT_MAX = Duration.ofSeconds(2);

  static {
    // Ratis would call System.exit on some start failures; the scheduler reports them itself.
    ExitUtils.disableSystemExit();
  }

  /**
   * How the log is set up. {@code snapshotEveryEntries} also bounds how much log is replayed on start; with
   * {@code tls} the peers talk TLS and accept only each other (see {@link LogTls}).
   */
  public record Options(LogDirectory directory, List<LogPeer> peers, LogPeer self, long snapshotEveryEntries,
      Duration writeTimeout, Optional<LogTls> tls) {
    public Options(LogDirectory directory, List<LogPeer> peers, LogPeer self, long snapshotEveryEntries,
        Duration writeTimeout) {
      this(directory, peers, self, snapshotEveryEntries, writeTimeout, Optional.empty());
    }

    public Options {
      peers = List.copyOf(peers);
      if (!peers.contains(self)) {
        throw new IllegalArgumentException("this scheduler's log address " + self.address()
            + " is not in the peer list " + peers.stream().map(LogPeer::address).toList());
      }
    }

    public static Options singlePeer(LogDirectory directory, LogPeer self) {
      return new Options(directory, List.of(self), self, 10_000, Duration.ofSeconds(10));
    }
  }

  private final Options options;
  private final RaftGroupId groupId;
  private final RaftServer server;
  private final RaftClient client;
  private final SchedulerStateMachine stateMachine;
  private final LogDiskSpace space;
  private final RaftMetaGuard metaGuard;
  private final LeaderContact leaderContact;

  private RatisDurableLog(Options options, RaftGroupId groupId, RaftServer server, RaftClient client,
      SchedulerStateMachine stateMachine) {
    this.options = options;
    this.space = new LogDiskSpace(options.directory().path(), options.self().address());
    this.metaGuard = new RaftMetaGuard(groupDir(options, groupId));
    this.stateMachine = stateMachine;
    this.groupId = groupId;
    this.server = server;
    this.client = client;
    this.leaderContact = new LeaderContact(this::appendsHandled, System::nanoTime);
  }

  /**
   * Starts this peer, loads the latest snapshot into {@code stores} and replays the log after it.
   * Returns once the stores hold every committed transaction, or at once with a zero {@code catchUpTimeout}
   * (the stores then hold what this peer had committed; call {@link #awaitCaughtUp} for the rest).
   *
   * @throws UninitializedLogException when the directory was never initialized
   * @throws DamagedLogException when the log data is damaged
   */
  public static RatisDurableLog open(Options options, InMemoryStores stores, Duration catchUpTimeout)
      throws IOException {
    return open(options, stores, catchUpTimeout,
        e -> LOG.error("The log's state machine failed; Ratis stops this peer", e));
  }

  /**
   * As {@link #open(Options, InMemoryStores, Duration)}; a committed entry that cannot be applied to the stores
   * is reported to {@code onApplyFailure} (see {@link SchedulerStateMachine#applyTransaction}).
   */
  public static RatisDurableLog open(Options options, InMemoryStores stores, Duration catchUpTimeout,
      Consumer<Throwable> onApplyFailure) throws IOException {
    LogDirectory.Marker marker = options.directory().requireInitialized();
    RaftGroupId groupId = RaftGroupId.valueOf(UUID.fromString(marker.clusterId()));
    List<RaftPeer> peers = options.peers().stream()
        .map(p -> RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build())
        .toList();
    RaftGroup group = RaftGroup.valueOf(groupId, peers);

    RaftProperties properties = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(properties, List.of(options.directory().raftDir().toFile()));
    GrpcConfigKeys.Server.setPort(properties, options.self().port());
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, options.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(properties, 2);
    // Operators (and the snapshot timer) may ask for a snapshot at any time, not only every 1024 entries.
    RaftServerConfigKeys.Snapshot.setCreationGap(properties, 1);
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(properties, false);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(properties,
        SizeInBytes.valueOf(MAX_ENTRY_BYTES + (1 << 20)));
    // The write buffer (8 MiB by default) must hold the largest entry.
    GrpcConfigKeys.setMessageSizeMax(properties, SizeInBytes.valueOf(4 * MAX_ENTRY_BYTES));
    // A follower calls an election after 1-2 s without the leader, and a leader without a majority's answers for
    // as long steps down: quick failover, yet no flapping when a busy machine pauses a JVM for a few hundred ms.
    RaftServerConfigKeys.Rpc.setTimeoutMin(properties, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(properties,
        TimeDuration.valueOf(ELECTION_TIMEOUT_MAX.toMillis(), TimeUnit.MILLISECONDS));
    // A lone scheduler elects itself at once. With peers, a just-started one waits as long as any follower before
    // calling an election: calling it sooner, before the leader's first heartbeat arrives, unseats a healthy leader
    // whenever schedulers start together (a peer that has not heard of a leader yet grants the pre-vote).
    boolean alone = options.peers().size() == 1;
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(properties,
        TimeDuration.valueOf(alone ? 50 : 1000, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(properties,
        TimeDuration.valueOf(alone ? 150 : 2000, TimeUnit.MILLISECONDS));

    // The peers' server side and their client side (this scheduler's writes, and each peer calling the others) share
    // the one TLS setup, so every connection of the log is authenticated both ways.
    Parameters transport = options.tls().map(t -> GrpcFactory.newRaftParameters(t.toRatis()))
        .orElseGet(Parameters::new);
    SchedulerStateMachine stateMachine = new SchedulerStateMachine(stores, onApplyFailure);
    boolean fresh = !Files.exists(groupDir(options, groupId));
    if (!fresh) {
      RaftMetaGuard.repairBeforeStart(groupDir(options, groupId), options.directory());
      requireSound(options.directory());
    }
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(options.self().id()))
        .setGroup(group)
        .setProperties(properties)
        .setParameters(transport)
        .setStateMachine(stateMachine)
        .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
        .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      if (isBindFailure(e)) {
        throw new IOException("the log peer port " + options.self().port() + " is already in use; stop what"
            + " uses it or choose another -native_log_port (and list it in -native_log_peers)", e);
      }
      if (options.tls().isPresent()) {
        throw new IOException("the log peer could not start with TLS (" + rootMessage(e) + "); check that "
            + LogTls.CERT_FLAG + " and " + LogTls.CA_FLAG + " hold PEM certificates and " + LogTls.KEY_FLAG
            + " a PEM PKCS#8 private key ('BEGIN PRIVATE KEY'; convert others with 'openssl pkcs8 -topk8 -nocrypt')",
            e);
      }
      throw e;
    }

    requireSamePeers(server, groupId, options);
    awaitLocalReplay(server, groupId, catchUpTimeout.isZero() ? Duration.ofMinutes(2) : catchUpTimeout);

    RaftProperties clientProperties = new RaftProperties();
    RaftClient client = RaftClient.newBuilder()
        .setProperties(clientProperties)
        .setRaftGroup(group)
        .setClientRpc(new GrpcFactory(transport).newRaftClientRpc(ClientId.randomId(), clientProperties))
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(
            (int) Math.max(1, options.writeTimeout().toMillis() / 200),
            TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build();
    RatisDurableLog log = new RatisDurableLog(options, groupId, server, client, stateMachine);
    if (!catchUpTimeout.isZero()) {
      try {
        log.awaitCaughtUp(catchUpTimeout);
      } catch (RuntimeException | IOException e) {
        log.close();
        throw e;
      }
    }
    LOG.info("Log {} open at {} ({} peer(s)); {} jobs and {} tasks recovered", groupId, options.directory().path(),
        options.peers().size(), stores.jobs().size(), stores.tasks(t -> true).size());
    return log;
  }

  /**
   * Ratis applies the entries this peer knows to be committed in the background after it starts; waiting for them
   * means that even without a quorum the stores hold everything this peer had, not a part of it.
   */
  private static void awaitLocalReplay(RaftServer server, RaftGroupId groupId, Duration timeout) throws IOException {
    RaftServer.Division division = server.getDivision(groupId);
    long committed = division.getRaftLog().getLastCommittedIndex();
    Instant deadline = Instant.now().plus(timeout);
    while (division.getInfo().getLastAppliedIndex() < committed) {
      if (Instant.now().isAfter(deadline)) {
        server.close();
        throw new IOException("replaying the scheduler log took longer than " + timeout + " (applied "
            + division.getInfo().getLastAppliedIndex() + " of " + committed + " entries)");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
        throw new IOException("interrupted while replaying the scheduler log", e);
      }
    }
  }

  /**
   * Refuses damaged log data before Ratis reads it (Ratis would fail with a message that names neither the file
   * nor the way out); a torn last entry is what a crash while writing leaves, and Ratis drops it.
   */
  private static void requireSound(LogDirectory directory) throws IOException {
    LogCheck.Result check = LogCheck.check(directory);
    if (!check.sound()) {
      throw DamagedLogException.of(directory, check);
    }
    check.tornTail().ifPresent(torn -> LOG.warn("Recovering after a crash: the last log entry was only partly"
        + " written and is dropped (it was never acknowledged): {}", torn));
  }

  /** This peer's Ratis server for the log's group; for tests that drive Ratis itself. */
  RaftServer.Division division() throws IOException {
    return server.getDivision(groupId);
  }

  /** Ratis' storage directory for the group: {@code current/} and {@code sm/} are in it. */
  private static Path groupDir(Options options, RaftGroupId groupId) {
    return options.directory().raftDir().resolve(groupId.getUuid().toString());
  }

  /** Refuses to run with a peer list that differs from the one the log holds (see PeerSetMismatchException). */
  private static void requireSamePeers(RaftServer server, RaftGroupId groupId, Options options) throws IOException {
    Map<String, String> inLog = new TreeMap<>();
    server.getDivision(groupId).getRaftConf().getCurrentPeers()
        .forEach(p -> inLog.put(p.getId().toString(), p.getAddress()));
    Map<String, String> configured = new LinkedHashMap<>();
    options.peers().forEach(p -> configured.put(p.id(), p.address()));
    if (!inLog.keySet().equals(configured.keySet())) {
      server.close();
      throw new PeerSetMismatchException("-native_log_peers lists " + configured.values() + " but the log in "
          + options.directory().path() + " belongs to the schedulers " + inLog.values() + ". The set of schedulers"
          + " cannot be changed by editing the list: put back the old list (LOG_PEERS in the scheduler's defaults"
          + " file), or move to the new set of schedulers through a backup (see 'Changing the coordinators' in"
          + " docs/operations.md)");
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("Address already in use") || m.contains("Failed to bind")) {
        return true;
      }
    }
    return false;
  }

  /** An empty transaction goes through only after every earlier committed one has been applied. */
  public void awaitCaughtUp(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    IOException last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        append(new Transaction(List.of()));
        return;
      } catch (DurableLogException e) {
        last = new IOException(e.getMessage(), e);
      }
    }
    throw new IOException("the scheduler log did not become writable within " + timeout
        + " (is a quorum of peers " + options.peers().stream().map(LogPeer::address).toList() + " up?)", last);
  }

  @Override
  public void append(Transaction tx) throws DurableLogException {
    byte[] bytes = tx.toBytes();
    if (bytes.length > MAX_ENTRY_BYTES) {
      // Refused before anything is written, so the scheduler can go on.
      throw new TransactionTooLargeException("the change is too large to record (" + (bytes.length >> 10)
          + " KiB compressed, at most " + (MAX_ENTRY_BYTES >> 10) + " KiB); make it in smaller steps,"
          + " e.g. add instances in batches");
    }
    if (!tx.ops().isEmpty()) {
      // Empty transactions (barriers) take a few bytes, which the margin holds; refusing them would keep a
      // scheduler from catching up or taking over a term.
      Optional<String> full = space.shortage();
      if (full.isPresent()) {
        throw new LogDiskFullException(full.get());
      }
    }
    RaftClientReply reply;
    try {
      reply = client.io().send(Message.valueOf(ByteString.copyFrom(bytes)));
    } catch (IOException | RuntimeException e) {
      throw new DurableLogException("could not write to the scheduler log: " + e.getMessage(), e);
    }
    if (!reply.isSuccess()) {
      throw new DurableLogException("the scheduler log refused a write: " + reply.getException(), reply.getException());
    }
  }

  /** Why this peer's log disk cannot take another write now, or empty while it can. */
  public Optional<String> diskShortage() {
    return space.shortage();
  }

  /**
   * Called every second: puts back a term file that Ratis left empty on a full disk (see {@link RaftMetaGuard}), and
   * a leader whose log disk is full, and so cannot write, hands over to a peer that can (best effort).
   */
  public void lookAfterTheDisk() {
    try {
      metaGuard.check(server.getDivision(groupId).getRaftStorage().getMetadataFile().getMetadata());
    } catch (IOException e) {
      LOG.warn("Cannot read the log's term and vote from Ratis: {}", e.toString());
    }
    if (isLeader() && options.peers().size() > 1) {
      space.shortage().ifPresent(why -> {
        LOG.error("Handing leadership of the log over: {}", why);
        handOverLeadership(Duration.ofSeconds(5));
      });
    }
  }

  /**
   * Before a planned stop of the leader: makes the follower that holds the most of the log the leader, so that a
   * rolling restart does not wait out an election timeout. Best effort; returns whether leadership moved.
   */
  public boolean handOverLeadership(Duration timeout) {
    if (!isLeader() || options.peers().size() < 2) {
      return false;
    }
    String self = options.self().id();
    Optional<CommitInfoProto> best;
    try {
      best = server.getDivision(groupId).getCommitInfos().stream()
          .filter(c -> !c.getServer().getId().toStringUtf8().equals(self))
          .max(Comparator.comparingLong(CommitInfoProto::getCommitIndex));
    } catch (IOException e) {
      return false;
    }
    if (best.isEmpty()) {
      return false;
    }
    RaftPeerId next = RaftPeerId.valueOf(best.get().getServer().getId());
    try {
      RaftClientReply reply = client.admin().transferLeadership(next, timeout.toMillis());
      LOG.info("Handed leadership of the log over to {}: {}", next, reply.isSuccess() ? "done" : reply.getException());
      return reply.isSuccess();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Handing leadership over to {} failed: {}", next, e.toString());
      return false;
    }
  }

  @Override
  public long snapshotNow() throws DurableLogException {
    try {
      RaftClientReply reply = client.getSnapshotManagementApi().create(options.writeTimeout().toMillis());
      if (!reply.isSuccess()) {
        throw new DurableLogException("snapshot failed: " + reply.getException(), reply.getException());
      }
      var latest = stateMachine.getLatestSnapshot();
      return latest == null ? -1 : latest.getIndex();
    } catch (IOException e) {
      throw new DurableLogException("snapshot failed: " + e.getMessage(), e);
    }
  }

  /**
   * Calls {@code listener} with true when this peer becomes the log leader and false when another
   * peer does (on a Ratis thread: do not block it).
   */
  public void onLeadershipChange(Consumer<Boolean> listener) {
    stateMachine.onLeadershipChange(listener);
  }

  /**
   * The peer id of the current leader, if one is known: this peer while it leads, or the leader a follower handled
   * an append from within the election timeout. A follower keeps the id of a leader that went silent (or of itself,
   * just after stepping down) until an election ends; sending requests there would bounce them between schedulers.
   * Also keeps {@link LeaderContact}'s count current: call it regularly.
   */
  public Optional<String> leaderId() {
    try {
      DivisionInfo info = server.getDivision(groupId).getInfo();
      long sinceAppend = leaderContact.millisSince();
      RaftPeerId id = info.getLeaderId();
      if (id == null || info.isLeader()) {
        return Optional.ofNullable(id).map(RaftPeerId::toString);
      }
      var follower = info.getRoleInfoProto().getFollowerInfo();
      // An append or snapshot under way counts as contact: a long one leaves the count unchanged meanwhile.
      long sinceLeader = follower.getOutstandingOp() > 0 ? follower.getLeaderInfo().getLastRpcElapsedTimeMs()
          : Math.max(sinceAppend, follower.getLeaderInfo().getLastRpcElapsedTimeMs());
      return knownLeader(id.toString(), options.self().id(), info.isFollower(), sinceLeader);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The rule of {@link #leaderId()} for a peer that does not lead. */
  static Optional<String> knownLeader(String leaderId, String self, boolean follower, long sinceLeaderMs) {
    boolean heard = follower && sinceLeaderMs <= ELECTION_TIMEOUT_MAX.toMillis();
    return heard && !leaderId.equals(self) ? Optional.of(leaderId) : Optional.empty();
  }

  /** Appends (heartbeats and entries) from a leader this peer has handled, as Ratis's follower timers count them. */
  private long appendsHandled() {
    try {
      RaftServerMetricsImpl metrics = (RaftServerMetricsImpl) server.getDivision(groupId).getRaftServerMetrics();
      return timed(metrics.getFollowerAppendEntryTimer(true)) + timed(metrics.getFollowerAppendEntryTimer(false));
    } catch (IOException e) {
      return -1;
    }
  }

  private static long timed(Timekeeper timer) {
    return ((DefaultTimekeeperImpl) timer).getTimer().getCount();
  }

  @Override
  public boolean isLeader() {
    try {
      return server.getDivision(groupId).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("Closing the log client failed", e);
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("Closing the log server failed", e);
    }
  }
}
