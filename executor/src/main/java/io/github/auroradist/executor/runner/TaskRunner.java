package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.common.thermos.config.ProcessConfig;
import io.github.auroradist.common.thermos.config.TaskConfig;
import io.github.auroradist.common.thermos.config.ThermosConfigs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Thermos task: schedules its processes under ordering constraints, concurrency and failure
 * limits, then cleaning (SIGTERM to every process tree, SIGKILL after the escalation wait) and the
 * final processes, all within the task's {@code finalization_wait}. {@link ProcessLauncher} starts
 * each run, {@link ProcessTrees} ends them, {@link StatusRecorder} checkpoints every state change
 * and passes it to the listener. One thread drives the task; {@link #kill} and {@link #forceKill}
 * may be called from any thread.
 */
public final class TaskRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  private static final long TICK_MS = 100;

  private final TaskConfig task;
  private final RunnerSettings settings;
  private final StatusRecorder recorder;
  private final Map<String, Tracked> processes = new LinkedHashMap<>();
  private final Map<String, Set<String>> predecessors;
  private final ProcessLauncher launcher;
  private final ProcessTrees trees = new ProcessTrees();
  private final Object wakeup = new Object();
  /** Set by wake(), cleared by pause() (both holding wakeup), so a wake-up before the wait is not lost. */
  private boolean wakeRequested;
  private final CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
  private volatile String killReason;
  private volatile boolean forceKill;
  private volatile TaskState state;
  private Thread thread;

  /** Per-process bookkeeping, touched only by the runner thread (read by snapshots). */
  private static final class Tracked {
    final ProcessConfig config;
    volatile ProcessState state = ProcessState.WAITING;
    int runs;
    int failures;
    boolean succeededOnce;
    ProcessState done; // SUCCESS or FAILED once the process will never run again
    Process proc;
    ProcessLogs logs;
    long lastStartMs;
    boolean killedByUs;
    String lastFailure;

    Tracked(ProcessConfig config) {
      this.config = config;
    }

    boolean running() {
      return proc != null;
    }
  }

  /**
   * @param checkpoint where to append records, or null to keep no checkpoint
   */
  public TaskRunner(TaskConfig task, RunnerSettings settings, CheckpointWriter checkpoint,
      RunnerListener listener) {
    ThermosConfigs.validate(task);
    this.task = task;
    this.settings = settings;
    this.recorder = new StatusRecorder(checkpoint, listener);
    this.launcher = new ProcessLauncher(settings);
    this.predecessors = ThermosConfigs.predecessors(task);
    for (ProcessConfig p : task.processes()) {
      processes.put(p.name(), new Tracked(p));
    }
  }

  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("the task runner was already started");
    }
    thread = new Thread(this::run, "thermos-runner-" + task.name());
    thread.setDaemon(true);
    thread.start();
  }

  /** Ends the task as KILLED: cleaning, then final processes within finalization_wait. */
  public void kill(String reason) {
    if (killReason == null) {
      killReason = reason;
    }
    wake();
  }

  /** SIGKILLs every process now and skips what is left of cleaning and finalizing. */
  public void forceKill(String reason) {
    kill(reason);
    forceKill = true;
    wake();
  }

  /**
   * SIGKILLs every process this runner ever started, right now, on the calling thread. For the
   * executor's own shutdown (e.g. the JVM is being terminated), when there is no time for cleaning.
   */
  public void killAllNow() {
    forceKill = true;
    trees.killAll();
    wake();
  }

  public CompletableFuture<TaskOutcome> outcome() {
    return outcome;
  }

  /** The task's current state; null before the runner thread has begun. */
  public TaskState state() {
    return state;
  }

  /** The latest state of each process, in config order. */
  public Map<String, ProcessState> processStates() {
    Map<String, ProcessState> result = new LinkedHashMap<>();
    processes.forEach((name, t) -> result.put(name, t.state));
    return result;
  }

  private void run() {
    TaskOutcome result;
    try {
      emitTask(TaskState.ACTIVE, null);
      for (Tracked t : processes.values()) {
        emitProcess(t, 0, ProcessState.WAITING, null, null, null);
      }
      result = runActive();
      LOG.info("task {} ends as {}: {}", task.name(), result.state(), result.message());
      cleanUp();
    } catch (Throwable e) {
      LOG.error("task runner for {} failed", task.name(), e);
      killEverything();
      result = new TaskOutcome(TaskState.FAILED, "The task runner failed: " + e, Optional.empty());
    }
    try {
      emitTask(result.state(), result.message());
    } finally {
      outcome.complete(result);
    }
  }

  // ---- ACTIVE ----

  private TaskOutcome runActive() throws IOException {
    List<Tracked> regular = processes.values().stream().filter(t -> !t.config.isFinal()).toList();
    while (true) {
      reapAll(regular);
      if (killReason != null) {
        return new TaskOutcome(TaskState.KILLED, killReason, Optional.empty());
      }
      TaskOutcome done = terminalOutcome(regular);
      if (done != null) {
        return done;
      }
      long nextDue = launchRunnable(regular);
      trees.observe();
      pause(nextDue);
    }
  }

  /** Null while the task should keep running. */
  private TaskOutcome terminalOutcome(List<Tracked> regular) {
    List<Tracked> failed = regular.stream().filter(t -> t.done == ProcessState.FAILED).toList();
    int maxFailures = task.maxFailures();
    if (maxFailures > 0 && failed.size() >= maxFailures) {
      Tracked first = failed.get(0);
      String msg = failed.stream().map(this::describeFailure).collect(Collectors.joining("; "));
      return new TaskOutcome(TaskState.FAILED, msg, Optional.of(first.config.name()));
    }
    boolean anyRunning = regular.stream().anyMatch(Tracked::running);
    List<Tracked> required = regular.stream().filter(t -> !t.config.ephemeral()).toList();
    List<Tracked> blocked = new ArrayList<>();
    for (Tracked t : required) {
      if (t.done != null) {
        continue;
      }
      Optional<String> failedBefore = failedPredecessor(t.config.name());
      if (failedBefore.isPresent() && !t.running()) {
        blocked.add(t);
      } else {
        return null; // still running or can still run
      }
    }
    if (anyRunning && !blocked.isEmpty()) {
      return null;
    }
    if (!blocked.isEmpty()) {
      Tracked b = blocked.get(0);
      String cause = failedPredecessor(b.config.name()).orElseThrow();
      return new TaskOutcome(TaskState.FAILED, "Process '" + b.config.name() + "' cannot start: it is"
          + " ordered after '" + cause + "', which failed (" + processes.get(cause).lastFailure + ")",
          Optional.of(cause));
    }
    if (!failed.isEmpty()) {
      LOG.info("task {} succeeds with {} tolerated process failures", task.name(), failed.size());
    }
    return TaskOutcome.success();
  }

  private String describeFailure(Tracked t) {
    return "Process '" + t.config.name() + "' failed: " + t.lastFailure + " after " + t.runs
        + (t.runs == 1 ? " run" : " runs") + " (max_failures=" + t.config.maxFailures() + ")";
  }

  /** The first (transitive) predecessor of {@code name} that failed for good, if any. */
  private Optional<String> failedPredecessor(String name) {
    for (String before : predecessors.getOrDefault(name, Set.of())) {
      if (processes.get(before).done == ProcessState.FAILED) {
        return Optional.of(before);
      }
      Optional<String> deeper = failedPredecessor(before);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }

  /** Starts what may start now; returns when the next delayed restart falls due (or MAX_VALUE). */
  private long launchRunnable(Collection<Tracked> candidates) throws IOException {
    long now = System.currentTimeMillis();
    long nextDue = Long.MAX_VALUE;
    int running = (int) processes.values().stream().filter(Tracked::running).count();
    int limit = task.maxConcurrency();
    for (Tracked t : candidates) {
      if (t.done != null || t.running() || !predecessorsSatisfied(t)) {
        continue;
      }
      if (limit > 0 && running >= limit) {
        break;
      }
      long due = t.runs == 0 ? now : t.lastStartMs + t.config.minDuration() * 1000L;
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      launch(t);
      running++;
    }
    return nextDue;
  }

  private boolean predecessorsSatisfied(Tracked t) {
    for (String before : predecessors.getOrDefault(t.config.name(), Set.of())) {
      if (!processes.get(before).succeededOnce) {
        return false;
      }
    }
    return true;
  }

  private void launch(Tracked t) throws IOException {
    int run = t.runs;
    t.runs++;
    t.killedByUs = false;
    ProcessLauncher.StartedRun started;
    try {
      started = launcher.start(t.config, run);
    } catch (ProcessLauncher.ForkFailed e) {
      t.lastStartMs = System.currentTimeMillis();
      recordFailure(t, run, null, "could not be started: " + e.getMessage());
      return;
    }
    t.lastStartMs = started.forkedAtMs();
    t.proc = started.process();
    t.logs = started.logs();
    trees.add(started.tree());
    emitProcess(t, run, ProcessState.FORKED, t.proc.pid(), null, null, t.lastStartMs);
    emitProcess(t, run, ProcessState.RUNNING, t.proc.pid(), null, null);
    t.logs.started(t.proc, t.config.name());
    // Not kept: wake() cannot fail, and the runner looks at every process each tick anyway.
    var unused = t.proc.onExit().thenRun(this::wake);
  }

  private void reapAll(Collection<Tracked> which) {
    for (Tracked t : which) {
      if (t.proc != null && !t.proc.isAlive()) {
        reap(t);
      }
    }
  }

  private void reap(Tracked t) {
    int rc = t.proc.exitValue();
    int run = t.runs - 1;
    t.logs.awaitDrained(200);
    t.proc = null;
    if (t.killedByUs) {
      t.done = ProcessState.KILLED;
      emitProcess(t, run, ProcessState.KILLED, null, rc, "killed while the task was "
          + (state == TaskState.FINALIZING ? "finalizing" : "cleaning up") + " (" + exitText(rc) + ")");
      return;
    }
    if (rc == 0) {
      t.succeededOnce = true;
      emitProcess(t, run, ProcessState.SUCCESS, null, 0, null);
      if (t.config.daemon() && !t.config.isFinal()) {
        emitProcess(t, run + 1, ProcessState.WAITING, null, null, null); // daemons run again
      } else {
        t.done = ProcessState.SUCCESS;
      }
      return;
    }
    recordFailure(t, run, rc, exitText(rc));
  }

  private void recordFailure(Tracked t, int run, Integer rc, String how) {
    t.failures++;
    t.lastFailure = how;
    emitProcess(t, run, ProcessState.FAILED, null, rc, how);
    int max = t.config.maxFailures();
    if (max == 0 || t.failures < max) {
      emitProcess(t, run + 1, ProcessState.WAITING, null, null, null);
    } else {
      t.done = ProcessState.FAILED;
    }
  }

  private static String exitText(int rc) {
    return rc > 128 && rc < 128 + 65 ? "killed by signal " + (rc - 128) + " (exit code " + rc + ")"
        : "exit code " + rc;
  }

  // ---- CLEANING and FINALIZING ----

  private void cleanUp() throws IOException {
    long deadline = System.currentTimeMillis() + task.finalizationWait() * 1000L;
    emitTask(TaskState.CLEANING, null);
    List<Tracked> regular = processes.values().stream().filter(t -> !t.config.isFinal()).toList();
    regular.stream().filter(Tracked::running).forEach(t -> t.killedByUs = true);
    trees.terminate(trees.all(), Math.min(deadline,
        System.currentTimeMillis() + settings.escalationWait().toMillis()), () -> forceKill);
    reapWithin(regular, 2000);

    List<Tracked> finals = processes.values().stream().filter(t -> t.config.isFinal()).toList();
    emitTask(TaskState.FINALIZING, null);
    int treesBefore = trees.count();
    while (!forceKill && System.currentTimeMillis() < deadline) {
      reapAll(finals);
      boolean pending = false;
      for (Tracked t : finals) {
        if (t.done == null && (t.running() || failedPredecessor(t.config.name()).isEmpty())) {
          pending = true;
        }
      }
      if (!pending) {
        break;
      }
      long nextDue = launchRunnable(finals);
      trees.observe();
      pause(Math.min(nextDue, deadline));
    }
    finals.stream().filter(Tracked::running).forEach(t -> t.killedByUs = true);
    List<ProcessTree> finalTrees = trees.since(treesBefore);
    if (!finalTrees.isEmpty()) {
      trees.kill(finalTrees);
      reapWithin(finals, 2000);
    }
    killEverything();
  }

  private void reapWithin(List<Tracked> which, long millis) {
    long until = System.currentTimeMillis() + millis;
    for (Tracked t : which) {
      if (t.proc == null) {
        continue;
      }
      try {
        t.proc.waitFor(Math.max(1, until - System.currentTimeMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (!t.proc.isAlive()) {
        reap(t);
      }
    }
  }

  private void killEverything() {
    trees.killAll();
    for (Tracked t : processes.values()) {
      if (t.proc != null) {
        t.killedByUs = true;
        t.proc.destroyForcibly();
      }
    }
    reapWithin(List.copyOf(processes.values()), 2000);
  }

  // ---- plumbing ----

  /** Waits until {@code untilMs} (at most a tick) or until woken, whichever is first. */
  private void pause(long untilMs) {
    long waitMs = Math.max(1, Math.min(TICK_MS, untilMs - System.currentTimeMillis()));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    synchronized (wakeup) {
      try {
        long left = deadline - System.nanoTime();
        while (!wakeRequested && left > 0) {
          TimeUnit.NANOSECONDS.timedWait(wakeup, left);
          left = deadline - System.nanoTime();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      wakeRequested = false;
    }
  }

  private void wake() {
    synchronized (wakeup) {
      wakeRequested = true;
      wakeup.notifyAll();
    }
  }

  private void emitTask(TaskState newState, String message) {
    state = newState;
    recorder.task(newState, message);
  }

  private void emitProcess(Tracked t, int run, ProcessState newState, Long pid, Integer rc, String message) {
    emitProcess(t, run, newState, pid, rc, message, System.currentTimeMillis());
  }

  private void emitProcess(Tracked t, int run, ProcessState newState, Long pid, Integer rc, String message,
      long timeMs) {
    t.state = newState;
    recorder.process(t.config.name(), run, newState, pid, rc, message, timeMs);
  }
}
