package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Scanner;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later, by number. Two things can take a port between the moment a test picks it
 * and the moment its server binds it, and both happened in CI: the kernel hands it out as the local end of an
 * outgoing connection, or another test JVM (surefire runs two forks) is given the same number. So the ports come
 * from below the kernel's ephemeral range, where it never hands out local ends, and each one is claimed with a file
 * lock that this JVM holds until it exits, so no other test JVM on the machine picks it.
 */
public final class Ports {
  private static final Path CLAIMS = Path.of(System.getProperty("java.io.tmpdir"), "aurora-test-ports");
  private static final int LOWEST = 10_000;
  private static final Set<Integer> CLAIMED = new HashSet<>();
  /** Kept open (and locked) for the life of the JVM. */
  private static final List<FileChannel> HELD = new ArrayList<>();

  private Ports() {
  }

  /** A port nothing listens on, that no other test JVM will be given, outside the ephemeral range. */
  public static synchronized int free() {
    int highest = ephemeralLow() - 1;
    int span = highest - LOWEST + 1;
    if (span < 1_000) {
      throw new IllegalStateException("the ephemeral port range starts at " + (highest + 1) + ", leaving too few"
          + " ports below it for tests; widen it with 'sysctl net.ipv4.ip_local_port_range=\"32768 60999\"'");
    }
    int start = ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int port = LOWEST + (start + i) % span;
      if (!CLAIMED.contains(port) && claim(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
  }

  private static boolean claim(int port) {
    try {
      Files.createDirectories(CLAIMS);
      FileChannel channel = FileChannel.open(CLAIMS.resolve(port + ".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
        return false;
      }
      // Claimed even if something else listens on it: this JVM will not ask again.
      CLAIMED.add(port);
      HELD.add(channel);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim test ports under " + CLAIMS, e);
    }
  }

  /** Bindable on every address without SO_REUSEADDR, so a port still in TIME_WAIT is passed over too. */
  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The lowest port the kernel hands out as a connection's local end (Linux's default when it cannot be read).
   * Read by lines: {@code Files.readString} sees a size of 0 for /proc files and returns one character.
   */
  private static int ephemeralLow() {
    try {
      return new Scanner(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)).nextInt();
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
