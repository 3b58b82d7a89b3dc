package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.testing.SchedulerFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduler that lost a part it cannot run without stops instead of answering health checks while its writes
 * hang: the process exits for its service manager to restart it, and a follower takes over.
 */
class EssentialPartsTest {
  @TempDir
  Path dir;

  /**
   * A Mesos master that accepts the subscription and then sends one event of 56 MiB (within the 64 MiB a RecordIO
   * record may have). The scheduler's subscription thread reads it in small pieces, which fit in the heap, and
   * then needs as much again in one piece to hold it whole: that allocation runs out of memory in that thread.
   */
  private static HttpServer masterSendingAHugeEvent(CountDownLatch subscribed) throws IOException {
    HttpServer master = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    master.createContext("/api/v1/scheduler", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-1");
      exchange.sendResponseHeaders(200, 0);
      subscribed.countDown();
      byte[] zeros = new byte[1 << 16];
      try (OutputStream out = exchange.getResponseBody()) {
        int length = 56 << 20;
        out.write((length + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int sent = 0; sent < length; sent += zeros.length) {
          out.write(zeros);
        }
      } catch (IOException e) {
        // the scheduler is gone
      }
    });
    master.start();
    return master;
  }

  @Test
  void aSchedulerProcessWhoseMesosSubscriptionDiesOfOutOfMemoryExitsAtOnce() throws Exception {
    CountDownLatch subscribed = new CountDownLatch(1);
    HttpServer master = masterSendingAHugeEvent(subscribed);
    Path db = SchedulerFixture.initializedLog(dir);
    Path output = dir.resolve("scheduler.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // Without -XX:+ExitOnOutOfMemoryError: this is about the scheduler's own handler (the launchers add both).
    // An old generation of 120 MiB holds the scheduler and the pieces, not a second copy; a young one of 40 MiB
    // cannot hold the copy either.
    Process scheduler = new ProcessBuilder(List.of(java, "-Xmx160m", "-Xmn40m", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path"), SchedulerMain.class.getName(), "-cluster_name=test",
        "-mesos_master_address=127.0.0.1:" + master.getAddress().getPort(), "-native_log_file_path=" + db,
        "-thermos_executor_path=/bin/true", "-http_port=0", "-ip=127.0.0.1", "-hostname=localhost",
        "-native_log_port=" + Ports.free()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      assertThat(subscribed.await(90, TimeUnit.SECONDS)).as("the scheduler subscribed").isTrue();
      assertThat(scheduler.waitFor(60, TimeUnit.SECONDS)).as("the scheduler exited").isTrue();
      assertThat(scheduler.exitValue()).isEqualTo(ProcessHealth.EX_SOFTWARE);
      assertThat(Files.readString(output)).contains("Stopping the process: the thread mesos-scheduler-subscriber"
          + " (the Mesos subscription) died of java.lang.OutOfMemoryError");
    } finally {
      scheduler.destroyForcibly();
      master.stop(0);
    }
  }

  @Test
  void anEntryThisSchedulerCannotApplyMakesItUnhealthyAndStopsItLeading() throws Exception {
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    SchedulerSettings settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS);
    try (Scheduler scheduler = Scheduler.start(settings, fatal::add)) {
      await().atMost(Duration.ofSeconds(30)).until(scheduler::isLeading);
      assertThat(scheduler.unhealthyReason()).isEmpty();
      // As a newer scheduler version would write it during a rolling upgrade.
      StoreSnapshot newer = new StoreSnapshot(StoreSnapshot.FORMAT_VERSION + 1, 0, null, null, null, null, null, null,
          null, null, null, null);
      assertThatThrownBy(() -> scheduler.storage().write(new Op.RestoreSnapshot(newer)));
      assertThat(scheduler.unhealthyReason()).hasValueSatisfying(why ->
          assertThat(why).contains("cannot apply entry", "replicated log", "upgrade this one"));
      assertThat(fatal).isNotEmpty();
      assertThat(scheduler.isLeading()).isFalse();
    }
  }

  @Test
  void aLeaderThatCannotRegisterWithMesosWithinTheDelayStops() throws Exception {
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    SchedulerSettings settings = SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS, "-max_registration_delay=2secs");
    try (Scheduler scheduler = Scheduler.start(settings, fatal::add)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> !fatal.isEmpty());
      assertThat(fatal.get(0)).hasMessageContaining("not been registered with Mesos")
          .hasMessageContaining("-max_registration_delay=2secs");
      assertThat(scheduler.unhealthyReason()).hasValueSatisfying(why ->
          assertThat(why).contains("not been registered with Mesos"));
      assertThat(scheduler.isLeading()).isFalse();
    }
  }
}
