package io.github.auroradist.scheduler.maintenance;

import static io.github.auroradist.common.model.ScheduleStatus.DRAINING;
import static io.github.auroradist.common.model.ScheduleStatus.KILLED;
import static io.github.auroradist.common.model.ScheduleStatus.PENDING;
import static io.github.auroradist.common.model.ScheduleStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.MaintenanceMode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import io.github.auroradist.scheduler.offers.Offers;
import io.github.auroradist.scheduler.sla.SlaChecker;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.StoreSnapshot;
import io.github.auroradist.scheduler.testing.MutableClock;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.RecordedEffects;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLA-aware drains on a real log, with the SLA checks and a real coordinator over HTTP; the cluster is played by
 * hand (tasks are placed, run and confirm kills as the test says) and the clock moved by hand.
 */
class SlaDrainsTest {
  @TempDir
  Path dir;
  OpenLog log;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
  StateManager manager;
  HostMaintenance maintenance;
  SlaChecker sla;
  SlaDrains drains;
  HttpServer coordinator;
  ExecutorService coordinatorThreads;
  final List<String> asked = new CopyOnWriteArrayList<>();
  final AtomicInteger silentAsked = new AtomicInteger();
  final AtomicInteger slaInFlight = new AtomicInteger();
  final AtomicInteger slaMostInFlight = new AtomicInteger();
  final CountDownLatch secondQuestion = new CountDownLatch(1);
  final CountDownLatch releaseSilent = new CountDownLatch(1);

  @BeforeEach
  void setUp() throws IOException {
    log = new OpenLog(dir.resolve("db"));
    manager = TestTasks.stateManager(clock, new RecordedEffects());
    maintenance = new HostMaintenance(log.storage, manager);
    sla = new SlaChecker(clock, "test", Duration.ofMillis(500));
    drains = new SlaDrains(log.storage, sla, maintenance, clock);
    coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    coordinatorThreads = Executors.newCachedThreadPool();
    coordinator.setExecutor(coordinatorThreads);
    // Allows instance 0 of a job, refuses the others. It holds each question a moment, so that a second one asked
    // at the same time would be seen.
    coordinator.createContext("/sla", x -> {
      int inFlight = slaInFlight.incrementAndGet();
      slaMostInFlight.accumulateAndGet(inFlight, Math::max);
      if (inFlight > 1) {
        secondQuestion.countDown();
      }
      String query = java.net.URLDecoder.decode(x.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      asked.add(query + " " + body);
      try {
        secondQuestion.await(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      slaInFlight.decrementAndGet();
      reply(x, 200, "{\"drain\": " + query.endsWith("/0") + "}");
    });
    coordinator.createContext("/silent", x -> {
      silentAsked.incrementAndGet();
      try {
        releaseSilent.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reply(x, 200, "{\"drain\": true}");
    });
    coordinator.createContext("/broken", x -> reply(x, 500, "{\"drain\": true}"));
    coordinator.start();
  }

  @AfterEach
  void tearDown() {
    releaseSilent.countDown();
    coordinator.stop(0);
    coordinatorThreads.shutdownNow();
    sla.close();
    log.close();
  }

  private static void reply(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + coordinator.getAddress().getPort() + path;
  }

  /** A job whose instances run on the given hosts (instance i on hosts[i]), RUNNING since now. */
  private JobKey job(String name, SlaPolicy policy, String... hosts) {
    JobKey key = new JobKey("r", "prod", name);
    TaskConfig config = TestTasks.config(key, true).withPolicies(policy, null);
    log.storage.write(s -> {
      s.add(new io.github.auroradist.scheduler.storage.Op.SaveJob(
          new JobConfiguration(key, new Identity("r"), null, null, hosts.length, config)));
      List<ScheduledTask> tasks = manager.insertPendingTasks(s, config,
          new java.util.TreeSet<>(java.util.stream.IntStream.range(0, hosts.length).boxed().toList()));
      return tasks;
    });
    for (ScheduledTask t : log.stores.tasksOf(key)) {
      run(t, hosts[t.assignedTask().instanceId()]);
    }
    return key;
  }

  private void run(ScheduledTask t, String host) {
    log.storage.write(s -> {
      manager.assignTask(s, t.taskId(), "agent-" + host, host, Map.of());
      manager.changeState(s, t.taskId(), Optional.empty(), RUNNING, null);
      return null;
    });
  }

  /** The agents confirm the kills; the replacements run on {@code host}. */
  private void settleOn(String host) {
    for (ScheduledTask t : log.stores.tasks(t -> t.status() == DRAINING)) {
      log.storage.write(s -> manager.changeState(s, t.taskId(), Optional.empty(), KILLED, null));
    }
    for (ScheduledTask t : log.stores.tasks(t -> t.status() == PENDING)) {
      run(t, host);
    }
  }

  private Map<Integer, ScheduleStatus> onHost(JobKey job, String host) {
    Map<Integer, ScheduleStatus> out = new java.util.TreeMap<>();
    log.stores.tasksOf(job).stream().filter(t -> t.status().isActive() && host.equals(t.assignedTask().agentHost()))
        .forEach(t -> out.put(t.assignedTask().instanceId(), t.status()));
    return out;
  }

  @Test
  void movesOnlyWhatEachJobsSlaAllowsThenTheRestAtTheDeadline() {
    JobKey count = job("count", SlaPolicy.count(2, 60), "h1", "h1", "h2");
    JobKey percentage = job("percentage", SlaPolicy.percentage(50, 60), "h1", "h1", "h1", "h2");
    JobKey coordinated = job("coordinated", SlaPolicy.coordinator(url("/sla"), null), "h1", "h1");
    JobKey silent = job("silent", SlaPolicy.coordinator(url("/silent"), "drain"), "h1");
    JobKey broken = job("broken", SlaPolicy.coordinator(url("/broken"), "drain"), "h1");
    JobKey plain = job("plain", null, "h1", "h2");
    clock.advance(Duration.ofHours(1));

    assertThat(drains.start(Set.of("h1"), SlaPolicy.count(1, 60), Duration.ofHours(2)))
        .isEqualTo(Map.of("h1", MaintenanceMode.DRAINING));
    // count 2 of 3: one may go; 50% of 4: two may go; the default (count 1 of 2) lets the plain job's one go.
    assertThat(onHost(count, "h1").values()).containsExactlyInAnyOrder(DRAINING, RUNNING);
    assertThat(onHost(percentage, "h1").values()).containsExactlyInAnyOrder(DRAINING, DRAINING, RUNNING);
    assertThat(onHost(plain, "h1")).isEqualTo(Map.of(0, DRAINING));
    // The coordinator is asked in the background; its yes takes effect at a later look.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      drains.run();
      return onHost(coordinated, "h1").equals(Map.of(0, DRAINING, 1, RUNNING));
    });
    // Aurora's coordinator interface: the task key in the query and the body, the drain's countdown, the task.
    assertThat(asked).anySatisfy(question -> {
      String key = "test/r/prod/coordinated/0";
      assertThat(question).startsWith("task=" + key + " ");
      com.fasterxml.jackson.databind.JsonNode json =
          ModelJson.mapper().readTree(question.substring(question.indexOf(' ')));
      assertThat(json.get("task").asText()).isEqualTo(key);
      assertThat(Long.parseLong(json.get("forceMaintenanceCountdownMs").asText()))
          .isEqualTo(Duration.ofHours(2).toMillis());
      assertThat(json.at("/taskConfig/assignedTask/agentHost").asText()).isEqualTo("h1");
      assertThat(json.at("/taskConfig/assignedTask/instanceId").asInt()).isZero();
    });
    // Both instances are asked about, one question at a time: instance 0's yes can take effect before instance 1 is
    // asked, so wait for that question too.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      drains.run();
      return asked.size() >= 2;
    });
    assertThat(onHost(coordinated, "h1")).isEqualTo(Map.of(0, DRAINING, 1, RUNNING));
    assertThat(slaMostInFlight.get()).isEqualTo(1);
    // A coordinator that does not answer (asked again after each time-out) or answers 500 is a no.
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      drains.run();
      return silentAsked.get() >= 2;
    });
    assertThat(onHost(silent, "h1")).isEqualTo(Map.of(0, RUNNING));
    assertThat(onHost(broken, "h1")).isEqualTo(Map.of(0, RUNNING));
    assertThat(maintenance.status(Set.of("h1"))).isEqualTo(Map.of("h1", MaintenanceMode.DRAINING));

    // The moved tasks come up elsewhere; once they have run for the SLA's duration the next ones may go.
    settleOn("h2");
    drains.run();
    assertThat(onHost(count, "h1").values()).containsOnly(RUNNING);
    clock.advance(Duration.ofSeconds(61));
    drains.run();
    assertThat(onHost(count, "h1").values()).containsOnly(DRAINING);
    assertThat(onHost(percentage, "h1").values()).containsOnly(DRAINING);
    assertThat(onHost(coordinated, "h1")).isEqualTo(Map.of(1, RUNNING));
    settleOn("h2");

    // The drain is stored: a scheduler that restarts from a snapshot (written as JSON) carries it on.
    StoreSnapshot snapshot = log.stores.snapshot(clock.millis());
    InMemoryStores restarted = new InMemoryStores();
    restarted.restore(ModelJson.read(ModelJson.write(snapshot), StoreSnapshot.class));
    assertThat(restarted.slaDrains()).isEqualTo(log.stores.slaDrains());
    assertThat(restarted.slaDrains().get("h1").defaultSlaPolicy()).isEqualTo(SlaPolicy.count(1, 60));

    // At the deadline whatever is left goes regardless of its SLA, and the empty host is DRAINED.
    clock.advance(Duration.ofHours(2));
    drains.run();
    assertThat(onHost(coordinated, "h1")).isEqualTo(Map.of(1, DRAINING));
    assertThat(onHost(silent, "h1")).isEqualTo(Map.of(0, DRAINING));
    assertThat(onHost(broken, "h1")).isEqualTo(Map.of(0, DRAINING));
    settleOn("h2");
    drains.run();
    assertThat(maintenance.status(Set.of("h1"))).isEqualTo(Map.of("h1", MaintenanceMode.DRAINED));
    assertThat(log.stores.slaDrains()).isEmpty();

    // host_activate brings it back.
    assertThat(maintenance.end(Set.of("h1"))).isEqualTo(Map.of("h1", MaintenanceMode.NONE));
  }

  @Test
  void endingMaintenanceCancelsTheDrainAndAPlainDrainReplacesIt() {
    JobKey count = job("kept", SlaPolicy.count(2, 60), "h1", "h1");
    clock.advance(Duration.ofHours(1));
    drains.start(Set.of("h1"), SlaPolicy.count(1, 60), Duration.ofMinutes(10));
    assertThat(onHost(count, "h1").values()).containsOnly(RUNNING);
    assertThat(log.stores.slaDrains()).containsKey("h1");

    maintenance.end(Set.of("h1"));
    assertThat(log.stores.slaDrains()).isEmpty();
    clock.advance(Duration.ofHours(1));
    drains.run();
    assertThat(onHost(count, "h1").values()).containsOnly(RUNNING);

    drains.start(Set.of("h1"), SlaPolicy.count(1, 60), Duration.ofMinutes(10));
    maintenance.drain(Set.of("h1"));
    assertThat(log.stores.slaDrains()).isEmpty();
    assertThat(onHost(count, "h1").values()).containsOnly(DRAINING);
  }

  @Test
  void aSnapshotWrittenBeforeSlaDrainsLoadsWithNone() {
    // Format 2, as schedulers without SLA-aware drains wrote it: no "slaDrains".
    String old = "{\"formatVersion\": 2, \"timestamp\": 1, \"frameworkId\": \"fw\", \"jobs\": [], \"tasks\": [],"
        + " \"hostAttributes\": [], \"quotas\": {}, \"schedulerEndpoints\": {},"
        + " \"hostMaintenance\": {\"h1\": \"DRAINING\"}, \"jobUpdates\": []}";
    InMemoryStores stores = new InMemoryStores();
    stores.restore(ModelJson.read(old, StoreSnapshot.class));
    assertThat(stores.maintenance("h1")).isEqualTo(MaintenanceMode.DRAINING);
    assertThat(stores.slaDrains()).isEmpty();
    assertThat(stores.drainedForMesos("h1")).isFalse();
    assertThat(stores.frameworkId()).contains("fw");
  }

  @Test
  void hostsScheduledForMaintenanceGetOffersLast() {
    OfferPlacer placer = new OfferPlacer(log.storage, manager, 0.1, 16);
    maintenance.schedule(Set.of("soon"));
    var first = Offers.offer("soon", 8, 8192, 8192, 31000, 31010);
    var second = Offers.offer("other", 8, 8192, 8192, 31000, 31010);
    assertThat(placer.inPlacementOrder(List.of(first, second))).containsExactly(second, first);
    maintenance.end(Set.of("soon"));
    assertThat(placer.inPlacementOrder(List.of(first, second))).containsExactly(first, second);
  }
}
