package io.github.auroradist.scheduler.storage;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.storage.RaftStorageMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Ratis' term file ({@code current/raft-meta}: the peer's term and its vote) whole. Ratis rewrites it through
 * a stream that, when the disk is full, fails the write yet still renames the empty temporary file over the old
 * one; the peer then cannot start again ("Failed to load .../raft-meta"). Ratis keeps the last term and vote it did
 * persist in memory, so while the scheduler runs this guard writes them back within a second, and it keeps a copy
 * beside the log ({@value #COPY}) for a scheduler stopped before that.
 *
 * <p>A failed persist granted no vote (Ratis answers only after persisting), so the last persisted term and vote are
 * the true ones. The copy may lag them by the last second, so a start from the copy takes a term
 * {@value #TERM_MARGIN} past it, with no vote: a term no vote of this peer can have been cast in. The cost is one
 * election when the peer rejoins.
 */
final class RaftMetaGuard {
  static final String FILE = "raft-meta";
  static final String COPY = "raft-meta.copy";
  static final long TERM_MARGIN = 100;
  private static final Logger LOG = LoggerFactory.getLogger(RaftMetaGuard.class);
  private static final String TERM = "term";
  private static final String VOTED_FOR = "votedFor";

  private final Path file;
  private final Path copy;
  private RaftStorageMetadata copied;
  private boolean warned;

  /** @param groupDir the Ratis storage directory of the log's group (holding {@code current/}) */
  RaftMetaGuard(Path groupDir) {
    this.file = groupDir.resolve("current").resolve(FILE);
    this.copy = groupDir.resolve(COPY);
  }

  /**
   * Puts {@code persisted}, what Ratis last persisted, back into an empty or unreadable term file, and keeps the
   * copy current. A disk still full is tried again at the next call.
   */
  synchronized void check(RaftStorageMetadata persisted) {
    try {
      if (Files.exists(file) && read(file).isEmpty()) {
        AtomicFiles.write(file, format(persisted));
        LOG.warn("Ratis left its term file {} empty (its disk was full); wrote back term {} and vote '{}'", file,
            persisted.getTerm(), persisted.getVotedFor());
      }
      if (!persisted.equals(copied)) {
        AtomicFiles.write(copy, format(persisted));
        copied = persisted;
      }
      warned = false;
    } catch (IOException e) {
      if (!warned) {
        LOG.warn("Cannot write the log's term file or its copy yet ({}); trying again every second", e.toString());
        warned = true;
      }
    }
  }

  /**
   * Before Ratis starts: an empty or unreadable term file is rebuilt from the copy; without a copy the log cannot
   * be started safely, and the exception says how to rebuild this coordinator.
   */
  static void repairBeforeStart(Path groupDir, LogDirectory directory) throws IOException {
    RaftMetaGuard guard = new RaftMetaGuard(groupDir);
    if (!Files.exists(guard.file) || read(guard.file).isPresent()) {
      return;
    }
    Optional<RaftStorageMetadata> last = Files.exists(guard.copy) ? read(guard.copy) : Optional.empty();
    if (last.isEmpty()) {
      throw new DamagedLogException("the scheduler log in " + directory.path() + " is damaged: its term file "
          + guard.file + " is empty or unreadable (its disk was probably full), and there is no readable copy in "
          + guard.copy + ". If the other coordinators are up, rebuild this one from them: move the directory away"
          + " and initialize it again with the cluster's id (see 'One coordinator lost its log or its disk' in"
          + " docs/operations.md).");
    }
    RaftStorageMetadata repaired = RaftStorageMetadata.valueOf(last.get().getTerm() + TERM_MARGIN,
        RaftPeerId.valueOf(""));
    AtomicFiles.write(guard.file, format(repaired));
    LOG.warn("The log's term file {} was empty (its disk was full); rebuilt it from {} with term {} and no vote",
        guard.file, guard.copy, repaired.getTerm());
  }

  private static byte[] format(RaftStorageMetadata metadata) throws IOException {
    Properties properties = new Properties();
    properties.setProperty(TERM, Long.toString(metadata.getTerm()));
    properties.setProperty(VOTED_FOR, metadata.getVotedFor().toString());
    StringWriter text = new StringWriter();
    properties.store(text, null);
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The term and vote in {@code path}, or empty when it does not hold both. */
  static Optional<RaftStorageMetadata> read(Path path) throws IOException {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(path, StandardCharsets.UTF_8)));
    } catch (CharacterCodingException | IllegalArgumentException e) {
      return Optional.empty();
    }
    String term = properties.getProperty(TERM);
    String votedFor = properties.getProperty(VOTED_FOR);
    if (term == null || votedFor == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RaftStorageMetadata.valueOf(Long.parseLong(term.trim()), RaftPeerId.valueOf(votedFor)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
