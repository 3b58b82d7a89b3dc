package io.github.auroradist.scheduler.storage;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import org.apache.ratis.util.MD5FileUtil;

/**
 * Reads every file of a scheduler log the way Ratis wrote it and says what is damaged: a segment entry whose
 * checksum does not match, a segment cut short or holding other indices than its name says, entries missing
 * between segments, a snapshot whose MD5 does not match. Ratis itself fails on these with a message that names
 * neither the file nor the way out, and the scheduler must not start on a log that lost committed entries.
 *
 * <p>A segment file ({@code log_FIRST-LAST} closed, {@code log_inprogress_FIRST} open) is the header
 * {@code RaftLog1}, then per entry a varint length, the entry and a CRC32C of both, then zeros up to any
 * preallocated end. The last entry of the open segment may be torn by a crash while it was written: it was never
 * acknowledged, Ratis drops it on start, and that is a normal recovery, reported as {@link Result#tornTail}.
 */
public final class LogCheck {
  private static final byte[] HEADER = "RaftLog1".getBytes(StandardCharsets.US_ASCII);
  private static final Pattern CLOSED = Pattern.compile("log_(\\d+)-(\\d+)");
  private static final Pattern OPEN = Pattern.compile("log_inprogress_(\\d+)");
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  /** One damaged place: the file, the byte offset in it (-1 for the whole file) and what is wrong. */
  public record Damage(Path file, long offset, String problem) {
    @Override
    public String toString() {
      return file + (offset >= 0 ? " at byte " + offset : "") + ": " + problem;
    }
  }

  /** What the check found; the log is sound when {@code damage} is empty. */
  public record Result(int segments, long entries, long lastIndex, long snapshotIndex, List<Damage> damage,
      Optional<String> tornTail) {
    public Result {
      damage = List.copyOf(damage);
    }

    public boolean sound() {
      return damage.isEmpty();
    }
  }

  private record Segment(Path file, long first, long last, boolean open) {
  }

  private final List<Damage> damage = new ArrayList<>();
  private String tornTail;
  private long entries;

  private LogCheck() {
  }

  /** Checks every segment and snapshot under the log directory's Raft data (nothing there is sound). */
  public static Result check(LogDirectory directory) throws IOException {
    LogCheck check = new LogCheck();
    List<Segment> segments = new ArrayList<>();
    long snapshotIndex = -1;
    if (Files.isDirectory(directory.raftDir())) {
      List<Path> files;
      try (Stream<Path> walk = Files.walk(directory.raftDir())) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        String name = file.getFileName().toString();
        Matcher closed = CLOSED.matcher(name);
        Matcher open = OPEN.matcher(name);
        Matcher snapshot = SNAPSHOT.matcher(name);
        if (closed.matches()) {
          segments.add(new Segment(file, Long.parseLong(closed.group(1)), Long.parseLong(closed.group(2)), false));
        } else if (open.matches()) {
          segments.add(new Segment(file, Long.parseLong(open.group(1)), -1, true));
        } else if (snapshot.matches() && check.snapshotIsSound(file)) {
          snapshotIndex = Math.max(snapshotIndex, Long.parseLong(snapshot.group(2)));
        }
      }
    }
    segments.sort(Comparator.comparingLong(Segment::first));
    long expected = -1;
    Path previous = null;
    for (Segment segment : segments) {
      // Entries up to the latest snapshot may have been purged; after it, none may be missing.
      if (expected >= 0 ? segment.first() != expected : segment.first() > snapshotIndex + 1) {
        long from = expected >= 0 ? expected : snapshotIndex + 1;
        check.damage.add(new Damage(segment.file(), -1, segment.first() > from
            ? "entries " + from + " to " + (segment.first() - 1) + " are missing before it ("
                + (previous == null ? "no earlier segment or snapshot holds them" : "after " + previous.getFileName())
                + ")"
            : "overlaps the previous segment " + previous.getFileName() + " (starts at entry " + segment.first()
                + ", expected " + from + ")"));
      }
      long last = check.segment(segment);
      expected = last + 1;
      previous = segment.file();
    }
    return new Result(segments.size(), check.entries, expected - 1, snapshotIndex, check.damage,
        Optional.ofNullable(check.tornTail));
  }

  private boolean snapshotIsSound(Path file) throws IOException {
    File md5File = MD5FileUtil.getDigestFileForFile(file.toFile());
    if (!md5File.exists()) {
      damage.add(new Damage(file, -1, "its checksum file " + md5File.getName() + " is missing"));
      return false;
    }
    if (!MD5FileUtil.readStoredMd5ForFile(file.toFile()).equals(MD5FileUtil.computeMd5ForFile(file.toFile()))) {
      damage.add(new Damage(file, -1, "its MD5 does not match " + md5File.getName()));
      return false;
    }
    return true;
  }

  /** Reads one segment; returns the index of its last good entry. */
  private long segment(Segment segment) throws IOException {
    byte[] bytes = Files.readAllBytes(segment.file());
    long index = segment.first();
    if (segment.open() && headerNeverCompleted(bytes)) {
      return index - 1; // created (maybe preallocated), a crash or a full disk came before the header was written
    }
    if (bytes.length < HEADER.length || !Arrays.equals(bytes, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      damage.add(new Damage(segment.file(), 0, "does not start with the segment header RaftLog1"));
      return segment.open() ? index - 1 : segment.last();
    }
    int at = HEADER.length;
    while (at < bytes.length) {
      Entry entry = Entry.read(bytes, at);
      if (entry.length() == 0) {
        if (!zerosFrom(bytes, at)) {
          problem(segment, bytes, at, "entry " + index + " has length 0 but data follows it");
        }
        break;
      }
      if (entry.problem() != null) {
        problem(segment, bytes, at, "entry " + index + " " + entry.problem());
        return segment.open() ? index - 1 : segment.last();
      }
      if (entry.index() != index) {
        damage.add(new Damage(segment.file(), at, "holds entry " + entry.index() + " where entry " + index
            + " belongs"));
        return segment.open() ? index - 1 : segment.last();
      }
      entries++;
      index++;
      at = entry.end();
    }
    if (!segment.open() && index - 1 != segment.last()) {
      damage.add(new Damage(segment.file(), bytes.length, "ends after entry " + (index - 1) + " but its name says "
          + segment.last() + ": entries " + index + " to " + segment.last() + " are missing"));
      return segment.last();
    }
    return index - 1;
  }

  /**
   * A bad entry is damage, except the open segment's last one: a crash while it was written leaves it cut short
   * (or with a checksum over bytes that never reached the disk) and nothing after it.
   */
  private void problem(Segment segment, byte[] bytes, int at, String problem) {
    Entry entry = Entry.read(bytes, at);
    boolean last = entry.end() >= bytes.length || zerosFrom(bytes, entry.end());
    if (segment.open() && last) {
      tornTail = segment.file() + " at byte " + at + ": " + problem;
    } else {
      damage.add(new Damage(segment.file(), at, problem));
    }
  }

  /** As Ratis reads an open segment: part of the header (or none) followed by zeros only is an empty segment. */
  private static boolean headerNeverCompleted(byte[] bytes) {
    int matched = 0;
    while (matched < HEADER.length && matched < bytes.length && bytes[matched] == HEADER[matched]) {
      matched++;
    }
    return matched < HEADER.length && zerosFrom(bytes, matched);
  }

  private static boolean zerosFrom(byte[] bytes, int from) {
    for (int i = Math.max(0, from); i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** One entry as framed in a segment; {@code problem} says why it cannot be read. */
  private record Entry(int length, int end, long index, String problem) {
    static Entry read(byte[] bytes, int at) {
      int length = 0;
      int shift = 0;
      int pos = at;
      while (true) {
        if (pos >= bytes.length) {
          return new Entry(-1, bytes.length, -1, "is cut short (its length field ends the file)");
        }
        byte b = bytes[pos++];
        length |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          break;
        }
        shift += 7;
        if (shift > 28) {
          return new Entry(-1, bytes.length, -1, "has an unreadable length field");
        }
      }
      if (length == 0) {
        return new Entry(0, pos, -1, null);
      }
      long end = (long) pos + length + 4;
      if (length < 0 || end > bytes.length) {
        return new Entry(length, bytes.length, -1, "is cut short (" + length + " bytes plus checksum announced, "
            + (bytes.length - pos) + " left in the file)");
      }
      CRC32C crc = new CRC32C();
      crc.update(bytes, at, pos + length - at);
      int stored = ((bytes[pos + length] & 0xff) << 24) | ((bytes[pos + length + 1] & 0xff) << 16)
          | ((bytes[pos + length + 2] & 0xff) << 8) | (bytes[pos + length + 3] & 0xff);
      if ((int) crc.getValue() != stored) {
        return new Entry(length, (int) end, -1, "fails its checksum (CRC32C)");
      }
      try {
        LogEntryProto proto = LogEntryProto.parseFrom(Arrays.copyOfRange(bytes, pos, pos + length));
        return new Entry(length, (int) end, proto.getIndex(), null);
      } catch (InvalidProtocolBufferException e) {
        return new Entry(length, (int) end, -1, "passes its checksum but cannot be read (" + e.getMessage() + ")");
      }
    }
  }
}
