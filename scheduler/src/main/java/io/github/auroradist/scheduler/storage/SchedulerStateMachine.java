package io.github.auroradist.scheduler.storage;

import io.github.auroradist.common.model.ModelJson;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies committed log entries (transactions of ops) to the in-memory stores, writes snapshots
 * (the stores as JSON) and loads the latest snapshot on start; Ratis replays the log tail after it.
 */
final class SchedulerStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerStateMachine.class);

  private final InMemoryStores stores;
  private final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();
  private final Consumer<Throwable> onApplyFailure;
  private volatile Consumer<Boolean> leadershipListener = leader -> { };

  SchedulerStateMachine(InMemoryStores stores, Consumer<Throwable> onApplyFailure) {
    this.stores = stores;
    this.onApplyFailure = onApplyFailure;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    reinitialize();
  }

  @Override
  public void reinitialize() throws IOException {
    SingleFileSnapshotInfo latest = snapshots.loadLatestSnapshot();
    if (latest == null) {
      return;
    }
    Path file = latest.getFile().getPath();
    MD5Hash md5 = latest.getFile().getFileDigest();
    if (md5 != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), md5);
    }
    StoreSnapshot snapshot = ModelJson.read(Files.readAllBytes(file), StoreSnapshot.class);
    synchronized (this) {
      stores.restore(snapshot);
      updateLastAppliedTermIndex(latest.getTermIndex());
    }
    LOG.info("Loaded snapshot {} ({} jobs, {} tasks)", file.getFileName(), snapshot.jobs().size(),
        snapshot.tasks().size());
  }

  void onLeadershipChange(Consumer<Boolean> listener) {
    this.leadershipListener = listener;
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member,
      RaftPeerId newLeader) {
    boolean leading = member.getPeerId().equals(newLeader);
    LOG.info("Log leader is now {}{}", newLeader, leading ? " (this scheduler)" : "");
    try {
      leadershipListener.accept(leading);
    } catch (RuntimeException e) {
      LOG.error("Leadership listener failed", e);
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  /**
   * Applies a committed entry. Ratis would catch a failure here and stop this peer's log quietly, leaving a
   * scheduler that answers but whose writes hang; the failure goes to {@code onApplyFailure} instead (the
   * scheduler process stops: its stores may hold half the entry, and must not differ from the other peers').
   */
  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    try {
      Transaction tx = Transaction.fromBytes(entry.getStateMachineLogEntry().getLogData().toByteArray());
      synchronized (this) {
        stores.apply(tx);
        updateLastAppliedTermIndex(TermIndex.valueOf(entry));
      }
      return CompletableFuture.completedFuture(Message.EMPTY);
    } catch (Throwable e) {
      onApplyFailure.accept(new IllegalStateException("this scheduler cannot apply entry " + entry.getIndex()
          + " of the replicated log (" + e + "); it stops rather than hold other state than the other schedulers"
          + " (if a newer scheduler version wrote the entry, upgrade this one)", e));
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Runs on the thread that applies the log, as Ratis calls it: an Error here must not leave a wedged peer. */
  @Override
  public long takeSnapshot() throws IOException {
    try {
      return writeSnapshot();
    } catch (Error e) {
      onApplyFailure.accept(new IllegalStateException("writing a snapshot of the scheduler's state failed: " + e, e));
      throw e;
    }
  }

  private long writeSnapshot() throws IOException {
    StoreSnapshot snapshot;
    TermIndex applied;
    synchronized (this) {
      applied = getLastAppliedTermIndex();
      snapshot = stores.snapshot(System.currentTimeMillis());
    }
    if (applied == null) {
      return -1;
    }
    File target = snapshots.getSnapshotFile(applied.getTerm(), applied.getIndex());
    // Not Ratis' own MD5 writer: on a full disk it leaves an empty checksum file (see AtomicFiles).
    AtomicFiles.write(target.toPath(), out -> ModelJson.mapper().writeValue(out, snapshot));
    MD5Hash md5 = MD5FileUtil.computeMd5ForFile(target);
    AtomicFiles.write(MD5FileUtil.getDigestFileForFile(target).toPath(),
        (md5 + " *" + target.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), applied));
    LOG.info("Wrote snapshot at log index {} ({} tasks)", applied.getIndex(), snapshot.tasks().size());
    return applied.getIndex();
  }
}
