package io.github.auroradist.emulator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Scanner;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Test ports are bindable, outside the kernel's ephemeral range, never given twice, and claimed across JVMs. */
class PortsTest {
  @Test
  void portsAreBindableBelowTheEphemeralRangeAndNeverGivenTwice() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int ephemeralLow = new Scanner(Files.readAllLines(range).get(0)).nextInt();
    Set<Integer> given = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(10_000, ephemeralLow - 1);
      assertThat(given.add(port)).as("port %d given twice", port).isTrue();
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
      }
    }
  }

  @Test
  void anotherJvmFindsAGivenPortClaimed() throws Exception {
    int port = Ports.free();
    Path claim = Path.of(System.getProperty("java.io.tmpdir"), "aurora-test-ports", port + ".lock");
    Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TryClaim.class.getName(), claim.toString()))
        .redirectErrorStream(true).start();
    String said = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(child.waitFor()).isZero();
    assertThat(said).isEqualTo("claimed elsewhere");
  }

  /** Run in a child JVM: says whether the claim file given is locked by another process. */
  public static final class TryClaim {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
        FileLock lock = channel.tryLock();
        System.out.println(lock == null ? "claimed elsewhere" : "free");
      }
    }
  }
}
