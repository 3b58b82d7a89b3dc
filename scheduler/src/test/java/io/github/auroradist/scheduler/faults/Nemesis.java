package io.github.auroradist.scheduler.faults;

import io.github.auroradist.emulator.agent.AgentServer;
import io.github.auroradist.scheduler.ha.CoordinatorRig;
import io.github.auroradist.scheduler.ha.SchedulerProcess;
import io.github.auroradist.scheduler.testing.LogDisk;
import java.net.http.HttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;

/**
 * Breaks the cluster on a schedule drawn from a seed, one fault at a time: each step waits a gap, injects a fault,
 * holds it, then heals it. The first steps are every kind of fault once in a seeded order, so that every run sees
 * each of them. The seed fixes the schedule (which fault, which target, how long); the timing of the load around
 * it is the machine's.
 */
final class Nemesis {
  enum Fault { KILL_SCHEDULER, PAUSE_SCHEDULER, KILL_AGENT, STOP_ZOOKEEPER, FILL_LOG_DISK }

  /** One scheduled fault: {@code target} indexes the schedulers, agents or ZooKeeper servers. */
  record Step(Fault fault, int target, Duration gap, Duration hold) {
    @Override
    public String toString() {
      return fault + " " + target + " after " + gap.toMillis() + " ms, held " + hold.toMillis() + " ms";
    }
  }

  private final CoordinatorRig rig;
  private final List<AgentServer> agents;
  private final Optional<LogDisk> logDisk;
  private final History history;
  /** The exit code of a coordinator that must not be restarted as it is (a damaged log, a bad flag). */
  private static final int EX_CONFIG = 78;
  /** Schedulers the nemesis killed and will restart itself; the supervisor leaves them alone. */
  private final Set<Integer> killedOnPurpose = ConcurrentHashMap.newKeySet();
  private final Set<Integer> refusedToRestart = ConcurrentHashMap.newKeySet();
  /** Asks one scheduler itself, not following its redirect to the leader. */
  private final HttpClient direct = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code logDisk}: the tmpfs of scheduler 0's directory, empty when it could not be mounted (not root). */
  Nemesis(CoordinatorRig rig, Optional<LogDisk> logDisk, History history) {
    this.rig = rig;
    this.agents = new ArrayList<>(rig.mesos.agents());
    this.logDisk = logDisk;
    this.history = history;
  }

  /** Steps that fill {@code length}: each fault once in a seeded order, then faults drawn at random. */
  static List<Step> schedule(Random random, Duration length, int schedulers, int agents, int zookeepers) {
    List<Fault> order = new ArrayList<>(List.of(Fault.values()));
    Collections.shuffle(order, random);
    List<Step> steps = new ArrayList<>();
    long total = 0;
    while (total < length.toMillis()) {
      Fault fault = steps.size() < order.size() ? order.get(steps.size())
          : Fault.values()[random.nextInt(Fault.values().length)];
      int target = switch (fault) {
        case KILL_SCHEDULER, PAUSE_SCHEDULER -> random.nextInt(schedulers);
        case KILL_AGENT -> random.nextInt(agents);
        case STOP_ZOOKEEPER -> random.nextInt(zookeepers);
        case FILL_LOG_DISK -> 0;
      };
      // A pause outlasts the Raft election timeout (at most 2 s) so that the others elect a new leader.
      Duration hold = Duration.ofMillis(switch (fault) {
        case PAUSE_SCHEDULER -> 4000 + random.nextInt(8000);
        case FILL_LOG_DISK -> 8000 + random.nextInt(12000);
        default -> 3000 + random.nextInt(9000);
      });
      Duration gap = Duration.ofMillis(3000 + random.nextInt(5000));
      steps.add(new Step(fault, target, gap, hold));
      total += gap.toMillis() + hold.toMillis();
    }
    return steps;
  }

  /**
   * Runs the steps in order. The first of each kind always runs; a later step that would end after {@code endMs}
   * (history time) is not begun, so a slow machine (a scheduler JVM can take a minute to start under load) gets
   * fewer faults rather than a longer run.
   */
  void run(List<Step> steps, long endMs) throws Exception {
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      TimeUnit.MILLISECONDS.sleep(step.gap().toMillis());
      if (i >= Fault.values().length && history.now() + step.hold().toMillis() > endMs) {
        return;
      }
      long start = history.now();
      String what = inject(step);
      history.nemesis(start, "inject " + step.fault() + " " + step.target(), what);
      TimeUnit.MILLISECONDS.sleep(step.hold().toMillis());
      start = history.now();
      what = heal(step);
      history.nemesis(start, "heal " + step.fault() + " " + step.target(), what);
    }
  }

  private String inject(Step step) throws Exception {
    switch (step.fault()) {
      case KILL_SCHEDULER -> {
        SchedulerProcess s = rig.schedulers.get(step.target());
        String role = s.isLeading() ? "the leader" : "a follower";
        killedOnPurpose.add(s.index);
        s.kill();
        return "SIGKILL " + s + ", " + role;
      }
      case PAUSE_SCHEDULER -> {
        SchedulerProcess s = rig.schedulers.get(step.target());
        String role = s.isLeading() ? "the leader" : "a follower";
        s.pause();
        return "SIGSTOP " + s + ", " + role;
      }
      case KILL_AGENT -> {
        AgentServer agent = agents.get(step.target());
        agent.close();
        return "killed agent " + agent.agentId().orElse("?") + " with its executors";
      }
      case STOP_ZOOKEEPER -> {
        InstanceSpec server = zookeeper(step.target());
        rig.zk.killServer(server);
        return "stopped ZooKeeper server " + server.getServerId();
      }
      case FILL_LOG_DISK -> {
        if (logDisk.isEmpty()) {
          return "skipped: not root, so no tmpfs could be mounted for scheduler 0's log";
        }
        SchedulerProcess s = rig.schedulers.get(0);
        String role = s.isLeading() ? "the leader" : "a follower";
        long filled = logDisk.get().fill();
        // Small log entries fit in the segment Ratis preallocated; a snapshot of the leader's state needs new space.
        Call snapshot = Call.send(direct, s.httpPort, "POST", "/api/admin/snapshot", "", Duration.ofSeconds(10));
        return "filled scheduler 0's log disk (" + role + ") with " + filled / 1024 + " KiB; snapshot asked of it: "
            + snapshot.outcome();
      }
      default -> throw new IllegalArgumentException(step.fault().toString());
    }
  }

  private String heal(Step step) throws Exception {
    switch (step.fault()) {
      case KILL_SCHEDULER -> {
        SchedulerProcess s = rig.schedulers.get(step.target());
        // Not waited for: on a loaded machine a scheduler JVM can take a minute to answer, and a fault that meets
        // it still starting (no quorum for a while) is one more case the clients must be told clearly about.
        s.start();
        killedOnPurpose.remove(s.index);
        return "restarted " + s;
      }
      case PAUSE_SCHEDULER -> {
        rig.schedulers.get(step.target()).resume();
        return "SIGCONT " + rig.schedulers.get(step.target());
      }
      case KILL_AGENT -> {
        AgentServer agent = AgentServer.start(agents.get(step.target()).config());
        agents.set(step.target(), agent);
        return "restarted agent on port " + agent.port();
      }
      case STOP_ZOOKEEPER -> {
        rig.zk.restartServer(zookeeper(step.target()));
        return "restarted ZooKeeper server " + zookeeper(step.target()).getServerId();
      }
      case FILL_LOG_DISK -> {
        if (logDisk.isPresent()) {
          logDisk.get().free();
          return "freed scheduler 0's log disk";
        }
        return "skipped";
      }
      default -> throw new IllegalArgumentException(step.fault().toString());
    }
  }

  /**
   * Starts every scheduler that exited by itself, as systemd's {@code Restart=} does on a coordinator (a scheduler
   * stops when it cannot write its log), and records the exit in the history.
   */
  void supervise() throws IOException {
    for (SchedulerProcess s : rig.schedulers) {
      if (!s.isAlive() && !killedOnPurpose.contains(s.index) && !refusedToRestart.contains(s.index)) {
        long start = history.now();
        String exit = "exited by itself with code " + s.exitCode() + ": " + lastLine(s.tail(40));
        if (s.exitCode() == EX_CONFIG) {
          // systemd's unit does not restart on 78 (RestartPreventExitStatus): the coordinator stays down, and the
          // end checks, which want every scheduler up, name it.
          refusedToRestart.add(s.index);
          history.nemesis(start, "supervisor: " + s + " " + exit, "left it down, as systemd would");
          continue;
        }
        s.start();
        history.nemesis(start, "supervisor: " + s + " " + exit, "restarted it");
      }
    }
  }

  private static String lastLine(String tail) {
    return tail.lines().filter(l -> l.contains("ERROR")).reduce((a, b) -> b).orElse("(no ERROR line)");
  }

  private InstanceSpec zookeeper(int index) {
    return new ArrayList<>(rig.zk.getInstances()).get(index);
  }

  /** The agents that replaced killed ones, which the rig does not know to close. */
  List<AgentServer> replacedAgents() {
    List<AgentServer> replaced = new ArrayList<>(agents);
    replaced.removeAll(rig.mesos.agents());
    return replaced;
  }
}
