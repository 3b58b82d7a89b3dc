package io.github.auroradist.executor.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A snapshot of Linux's process table read from /proc: parent, process group and session of each pid. */
final class ProcTable {
  /** One process; {@code startTicks} tells a pid apart from a later process that reuses it. */
  record Entry(long pid, long ppid, long pgrp, long sid, long startTicks) {
    Key key() {
      return new Key(pid, startTicks);
    }
  }

  /** A process identity that survives pid reuse. */
  record Key(long pid, long startTicks) {}

  private static final Path PROC = Paths.get("/proc");

  private final Map<Long, Entry> byPid;

  private ProcTable(Map<Long, Entry> byPid) {
    this.byPid = byPid;
  }

  static ProcTable read() {
    Map<Long, Entry> entries = new HashMap<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, p -> isNumber(p.getFileName().toString()))) {
      for (Path dir : dirs) {
        readStat(dir).ifPresent(e -> entries.put(e.pid(), e));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc; the executor needs a Linux /proc file system", e);
    }
    return new ProcTable(entries);
  }

  static Optional<Entry> readOne(long pid) {
    return readStat(PROC.resolve(Long.toString(pid)));
  }

  private static Optional<Entry> readStat(Path dir) {
    try {
      String stat = Files.readString(dir.resolve("stat"));
      // Fields after the command name, which sits in parentheses and may itself hold ')' or spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
      if (f[0].equals("Z") || f[0].equals("X")) {
        return Optional.empty(); // a zombie is already dead; it only waits to be reaped
      }
      long pid = Long.parseLong(dir.getFileName().toString());
      return Optional.of(new Entry(pid, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
          Long.parseLong(f[19])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // the process ended while we looked
    }
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Live processes whose environment holds {@code name=value}. Every run gets a unique marker, so
   * this finds members that left both the parent chain and the session (setsid after a double
   * fork). Reading another user's environment needs root or the same user, as the executor has.
   */
  List<Entry> withEnvironmentMarker(String name, String value) {
    byte[] needle = (name + "=" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<Entry> result = new ArrayList<>();
    for (Entry e : byPid.values()) {
      try {
        byte[] env = Files.readAllBytes(PROC.resolve(Long.toString(e.pid())).resolve("environ"));
        if (containsEntry(env, needle)) {
          result.add(e);
        }
      } catch (IOException | RuntimeException ex) {
        // gone, or not ours to read
      }
    }
    return result;
  }

  private static boolean containsEntry(byte[] env, byte[] needle) {
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == needle.length && java.util.Arrays.equals(env, start, i, needle, 0, needle.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  boolean isAlive(Key key) {
    Entry e = byPid.get(key.pid());
    return e != null && e.startTicks() == key.startTicks();
  }

  Optional<Entry> get(long pid) {
    return Optional.ofNullable(byPid.get(pid));
  }

  /**
   * Every live process that belongs to the trees rooted at {@code roots}: descendants by parent,
   * and members of any session those processes lead (which catches double-forked daemons that
   * were re-parented to init but stayed in the session).
   */
  List<Entry> treeOf(Set<Long> roots) {
    Set<Long> members = new HashSet<>();
    for (long root : roots) {
      if (byPid.containsKey(root)) {
        members.add(root);
      }
    }
    Set<Long> sessions = new HashSet<>(members);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Entry e : byPid.values()) {
        if (!members.contains(e.pid()) && (members.contains(e.ppid()) || sessions.contains(e.sid()))) {
          members.add(e.pid());
          if (e.sid() == e.pid()) {
            sessions.add(e.pid());
          }
          grew = true;
        }
      }
    }
    List<Entry> result = new ArrayList<>();
    for (long pid : members) {
      result.add(byPid.get(pid));
    }
    return result;
  }
}
