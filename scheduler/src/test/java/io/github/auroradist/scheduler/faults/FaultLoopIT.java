package io.github.auroradist.scheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.scheduler.ha.CoordinatorRig;
import io.github.auroradist.scheduler.ha.SchedulerProcess;
import io.github.auroradist.scheduler.testing.LogDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A Jepsen-style fault loop: three scheduler processes on one replicated log, a ZooKeeper ensemble of three and
 * the Mesos emulator with three agents, under a steady load of creates, kills, restarts and rolling updates from a
 * few clients, while a nemesis kills, pauses and restarts schedulers, kills agents, stops ZooKeeper servers and
 * fills a scheduler's log disk on a seeded schedule. Afterwards, with everything healed and settled: no
 * acknowledged write is lost (also after a restart of every scheduler), no instance runs twice in Mesos, every job
 * runs its instances, and every refusal a client got was a clear one.
 *
 * <p>Run by the {@code fault-loop} profile. {@code -Dfaultloop.seed=N} replays a schedule (the seed is printed
 * first), {@code -Dfaultloop.seconds=S} sets how long the load and faults go on (default 150).
 */
class FaultLoopIT {
  private static final String ROLE = System.getProperty("user.name");
  /** A client gives up on a call after this long: a hang is recorded as an unacknowledged write. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration START = Duration.ofMinutes(2);
  /**
   * From the heal to a settled cluster: agents are declared lost after 15 s, reconciliation runs every 10 s, a task
   * stuck in a kill state is LOST after 60 s.
   */
  private static final Duration SETTLE = Duration.ofMinutes(4);

  @Test
  void acknowledgedWritesSurviveTheNemesis() throws Exception {
    long seed = Long.getLong("faultloop.seed", new Random().nextLong());
    Duration length = Duration.ofSeconds(Long.getLong("faultloop.seconds", 150));
    System.out.println("fault loop seed " + seed + " (replay with -Dfaultloop.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Nemesis.Step> schedule = Nemesis.schedule(random, length, 3, 3, 3);

    Path dir = CoordinatorRig.newDirectory("faults-");
    Optional<LogDisk> logDisk = LogDisk.mount(dir.resolve("scheduler-0"), 64);
    if (logDisk.isEmpty()) {
      System.out.println("not root: no tmpfs for a scheduler's log, so the FILL_LOG_DISK fault is skipped");
    }
    History history = new History();
    CoordinatorRig rig = null;
    Nemesis nemesis = null;
    Workload load = null;
    try {
      // A task being killed on an agent that died stays KILLING until the transient timeout makes it LOST, as in
      // Aurora; its 5-minute default would outlast the settling.
      rig = CoordinatorRig.create(dir, 3, 3, "-transient_task_state_timeout=60secs");
      rig.startAll();
      rig.awaitOneLeader(START);
      nemesis = new Nemesis(rig, logDisk, history);
      load = new Workload(rig.schedulers.stream().map(s -> s.httpPort).toList(), ROLE, history, CALL_TIMEOUT);
      load.start(3, random.nextLong());
      ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
      try {
        Nemesis watched = nemesis;
        ScheduledFuture<?> supervising = supervisor.scheduleWithFixedDelay(() -> {
          try {
            watched.supervise();
          } catch (IOException e) {
            history.nemesis(history.now(), "supervisor", "could not start a scheduler: " + e);
          }
        }, 1, 1, TimeUnit.SECONDS);
        nemesis.run(schedule, history.now() + length.toMillis());
        load.stop();
        supervising.cancel(false);
      } finally {
        supervisor.shutdownNow();
        supervisor.awaitTermination(1, TimeUnit.MINUTES);
      }
      healSchedulers(rig);
      check(rig, load.jobs(), history);
      System.out.println("fault loop seed " + seed + " passed; history:\n" + history);
    } catch (Throwable e) {
      throw new AssertionError("fault loop failed with seed " + seed + " (replay with -Dfaultloop.seed=" + seed
          + "): " + e.getMessage() + "\nschedule " + schedule + "\nhistory (ms since start):\n" + history
          + (rig == null ? "" : "\n" + rig.report()), e);
    } finally {
      if (load != null) {
        load.stop();
      }
      if (nemesis != null) {
        nemesis.replacedAgents().forEach(AgentServer::close);
      }
      try {
        if (rig != null) {
          rig.close();
        }
      } finally {
        if (logDisk.isPresent()) {
          logDisk.get().close();
        }
      }
    }
  }

  /** Thaws and starts every scheduler, whatever the nemesis left (it heals each fault, unless it failed). */
  private static void healSchedulers(CoordinatorRig rig) throws Exception {
    for (SchedulerProcess s : rig.schedulers) {
      if (s.isAlive()) {
        s.resume();
      } else {
        s.start();
      }
    }
  }

  private static void check(CoordinatorRig rig, Map<String, JobModel> jobs, History history) throws Exception {
    List<History.Entry> unclear = history.entries().stream().filter(e -> !e.clear()).toList();
    assertThat(unclear).as("answers that are not clear errors").isEmpty();
    for (String kind : List.of("create", "restart", "update")) {
      assertThat(history.entries()).as("acknowledged " + kind + "s")
          .anyMatch(e -> e.acknowledged() && e.action().startsWith(kind));
    }

    ClusterState settled = awaitSettled(rig, jobs, "after the faults were healed");
    for (SchedulerProcess s : rig.schedulers) {
      s.kill();
    }
    rig.startAll();
    ClusterState restarted = awaitSettled(rig, jobs, "after every scheduler was restarted");
    assertThat(restarted.durable()).as("the state after every scheduler restarted").isEqualTo(settled.durable());
  }

  /** Waits until one scheduler leads and the state it reports holds every invariant. */
  private static ClusterState awaitSettled(CoordinatorRig rig, Map<String, JobModel> jobs, String when) {
    rig.awaitOneLeader(START);
    AtomicReference<ClusterState> state = new AtomicReference<>();
    AtomicReference<List<String>> violations = new AtomicReference<>(List.of("not read yet"));
    try {
      await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(() -> {
        List<String> down = rig.schedulers.stream().filter(s -> !s.isAlive())
            .map(s -> s + " is down (exit " + s.exitCode() + "): " + s.tail(5)).toList();
        if (!down.isEmpty()) {
          // Every fault was healed: a coordinator that will not come back is a failure, whatever its peers do.
          violations.set(down);
          return false;
        }
        // Leadership may still move while the cluster settles: read from whichever scheduler leads now.
        Optional<SchedulerProcess> leader = rig.schedulers.stream().filter(SchedulerProcess::isLeading).findFirst();
        if (leader.isEmpty()) {
          violations.set(List.of("no scheduler leads"));
          return false;
        }
        try {
          state.set(ClusterState.read(leader.get().http(), ROLE, rig.mesos.masterUri()));
          violations.set(Invariants.violations(state.get(), jobs));
        } catch (Exception | AssertionError e) {
          violations.set(List.of("cannot read the state from " + leader.get() + ": " + e));
        }
        return violations.get().isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      List<String> lines = new ArrayList<>(violations.get());
      lines.add(0, "the cluster did not settle " + when + " within " + SETTLE + ":");
      throw new AssertionError(String.join("\n  ", lines) + "\njobs as the clients know them: " + jobs.values()
          + "\nstate: " + state.get(), e);
    }
    return state.get();
  }

}
