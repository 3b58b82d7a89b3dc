package io.github.auroradist.executor;

import io.github.auroradist.common.process.ExecutorHeap;
import io.github.auroradist.common.thermos.checkpoint.CheckpointRecord;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.common.thermos.config.HealthCheckConfig;
import io.github.auroradist.common.thermos.config.HttpLifecycleConfig;
import io.github.auroradist.common.thermos.config.TaskInstanceConfig;
import io.github.auroradist.common.thermos.config.TaskPorts;
import io.github.auroradist.executor.announce.ServerSetAnnouncer;
import io.github.auroradist.executor.health.HealthCheck;
import io.github.auroradist.executor.health.HealthMonitor;
import io.github.auroradist.executor.health.HttpHealthCheck;
import io.github.auroradist.executor.health.HttpLifecycle;
import io.github.auroradist.executor.health.ShellHealthCheck;
import io.github.auroradist.executor.runner.RunnerListener;
import io.github.auroradist.executor.runner.RunnerSettings;
import io.github.auroradist.executor.runner.TaskFilesystem;
import io.github.auroradist.executor.runner.TaskOutcome;
import io.github.auroradist.executor.runner.TaskRunner;
import io.github.auroradist.executor.runner.UnixUser;
import io.github.auroradist.mesos.executor.ExecutorListener;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Volume;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Thermos executor: runs the one task it is launched with, reports STARTING, RUNNING (once
 * health checks pass, or at once without checks) and a terminal state naming what failed, and is
 * {@link #done()} once the agent has acknowledged the terminal update.
 */
public final class ThermosExecutor implements ExecutorListener {
  private static final Logger LOG = LoggerFactory.getLogger(ThermosExecutor.class);

  private final ExecutorSettings settings;
  private final Path runDirectory;
  private final StatusChannel channel;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicBoolean launched = new AtomicBoolean();
  private final AtomicBoolean killing = new AtomicBoolean();
  private final AtomicBoolean terminalSent = new AtomicBoolean();

  private volatile String agentHostname;
  private volatile ExecutorInfo executorInfo;
  private volatile TaskID taskId;
  private volatile TaskRunner runner;
  private volatile HealthMonitor monitor;
  private volatile ServerSetAnnouncer announcer;
  private volatile TaskInstanceConfig config;
  private volatile TaskPorts ports;
  private volatile LaunchedTask launchedTask;
  private volatile boolean killRequested;
  private volatile String killReason;
  private volatile String healthFailure;
  private volatile boolean runningSent;

  /**
   * @param runDirectory the Mesos sandbox of this executor run; the task's sandbox is its
   *     {@code sandbox/} and the checkpoint goes to {@code checkpoints/}
   */
  public ThermosExecutor(ExecutorSettings settings, Path runDirectory, StatusChannel channel) {
    this.settings = settings;
    this.runDirectory = runDirectory;
    this.channel = channel;
  }

  /** Completes once the terminal update is acknowledged (or the wait for it timed out). */
  public CompletableFuture<Void> done() {
    return done;
  }

  public Optional<TaskRunner> runner() {
    return Optional.ofNullable(runner);
  }

  @Override
  public void subscribed(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent) {
    agentHostname = agent.getHostname();
    executorInfo = executor;
    LOG.info("subscribed to agent {} for framework {}", agent.getHostname(), framework.getName());
  }

  @Override
  public void launch(TaskInfo task) {
    if (!launched.compareAndSet(false, true)) {
      LOG.warn("refusing task {}: this executor already runs {}", task.getTaskId().getValue(), taskId.getValue());
      channel.update(status(task.getTaskId(), Protos.TaskState.TASK_FAILED,
          "This Thermos executor already runs task " + taskId.getValue() + "; it runs one task only"));
      return;
    }
    taskId = task.getTaskId();
    Thread t = new Thread(() -> runTask(task), "thermos-launch");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void kill(TaskID task, Optional<KillPolicy> killPolicy) {
    if (taskId == null || !taskId.getValue().equals(task.getValue())) {
      LOG.warn("asked to kill {}, which this executor does not run", task.getValue());
      if (taskId == null) {
        channel.update(status(task, Protos.TaskState.TASK_KILLED, "The task was killed before it started"));
        finishWhenAcknowledged();
      }
      return;
    }
    requestKill("Killed by the scheduler", killPolicy.filter(KillPolicy::hasGracePeriod)
        .map(p -> Duration.ofNanos(p.getGracePeriod().getNanoseconds())));
  }

  @Override
  public void shutdown() {
    LOG.info("the agent asked the executor to shut down");
    if (taskId == null) {
      done.complete(null);
      return;
    }
    requestKill("The executor was shut down by the agent", Optional.empty());
  }

  @Override
  public void acknowledged(TaskID task, com.google.protobuf.ByteString uuid) {
    LOG.debug("update for {} acknowledged", task.getValue());
  }

  // ---- launching ----

  private void runTask(TaskInfo info) {
    channel.update(status(taskId, Protos.TaskState.TASK_STARTING, "Initializing sandbox."));
    try {
      String host = agentHostname != null ? agentHostname : InetAddress.getLocalHost().getHostName();
      String tooLarge = ExecutorHeap.tooSmall(Runtime.getRuntime().maxMemory(), info.getData().size());
      if (tooLarge != null) {
        throw new IllegalArgumentException(tooLarge);
      }
      LaunchedTask lt = LaunchedTask.parse(info.getData().toByteArray(), taskId.getValue(), host);
      launchedTask = lt;
      Optional<UnixUser> runAs = Optional.empty();
      if (settings.setuid() && UnixUser.runningAsRoot() && lt.user() != null) {
        runAs = Optional.of(UnixUser.lookup(lt.user()).orElseThrow(() -> new IllegalArgumentException(
            "user '" + lt.user() + "' (the job's role) does not exist on " + host + "; create the user,"
            + " or start the executor with --nosetuid to run tasks as " + System.getProperty("user.name"))));
      }
      String user = runAs.map(UnixUser::name)
          .orElse(lt.user() != null ? lt.user() : System.getProperty("user.name"));
      BoundTask bound = BoundTask.bind(lt, user);
      TaskInstanceConfig cfg = bound.config();
      ports = bound.ports();
      config = cfg;

      Path sandbox = Files.createDirectories(runDirectory.resolve("sandbox"));
      Path logDir = Files.createDirectories(sandbox.resolve(".logs"));
      if (runAs.isPresent()) {
        chown(sandbox, runAs.get());
      }
      CheckpointWriter writer = CheckpointWriter.create(Checkpoints.file(runDirectory, lt.taskId()),
          new CheckpointRecord.Header(Checkpoints.VERSION, lt.taskId(), System.currentTimeMillis(), host,
              runAs.map(UnixUser::name).orElse(System.getProperty("user.name")),
              lt.role(), lt.environment(), lt.jobName(), lt.instanceId(), sandbox.toString(),
              logDir.toString(), bound.ports().ports(), ProcessHandle.current().pid(), bound.tree()));
      Optional<TaskFilesystem> taskFs = taskFilesystem(runAs);
      RunnerSettings runnerSettings = new RunnerSettings(sandbox, logDir, runAs, settings.preserveEnv(),
          Map.of(), settings.defaultLogger(), settings.escalationWait(), taskFs);
      runnerSettings = runnerSettings.withExtraEnv(Map.of("MESOS_SANDBOX", runnerSettings.visiblePath(sandbox)));
      TaskRunner r = new TaskRunner(cfg.task(), runnerSettings, writer, RunnerListener.NONE);
      // The future whenComplete returns is not kept: the callback hands its own failure to done.
      var unused = r.outcome().whenComplete((outcome, error) -> {
        closeQuietly(writer);
        try {
          finish(outcome != null ? outcome
              : new TaskOutcome(TaskState.FAILED, "The task runner failed: " + error, Optional.empty()));
        } catch (RuntimeException e) {
          LOG.error("cannot report the end of task {}; the executor stops", taskId.getValue(), e);
          done.completeExceptionally(e);
        }
      });
      runner = r;
      r.start();
      if (killRequested) {
        requestKill(killReason, Optional.empty());
        return;
      }
      Optional<HealthCheck> check = healthCheck(cfg, bound.ports(), sandbox,
          settings.setuidHealthChecks() ? runAs : Optional.empty(), taskFs);
      if (check.isPresent()) {
        startMonitor(check.get(), cfg.healthCheckConfig(), sandbox);
      } else {
        sendRunning();
      }
    } catch (Exception e) {
      boolean expected = e instanceof IllegalArgumentException || e instanceof IOException;
      String message = expected ? e.getMessage() : e.toString();
      if (expected) {
        LOG.error("cannot start task {}: {}", taskId.getValue(), message);
      } else {
        LOG.error("cannot start task {}", taskId.getValue(), e);
      }
      sendTerminal(Protos.TaskState.TASK_FAILED, "Task could not start: " + message);
    }
  }

  /**
   * The image Mesos mounted at {@code taskfs} in the sandbox for the task (with the job's volumes from
   * the executor's ContainerInfo), when there is one; the task's user is added to it.
   */
  private Optional<TaskFilesystem> taskFilesystem(Optional<UnixUser> runAs) throws IOException {
    List<TaskFilesystem.VolumeMount> volumes = new ArrayList<>();
    ExecutorInfo info = executorInfo;
    if (info != null && info.hasContainer()) {
      for (Volume v : info.getContainer().getVolumesList()) {
        if (!v.hasImage() && !v.getHostPath().isEmpty()) {
          volumes.add(new TaskFilesystem.VolumeMount(v.getContainerPath(), Path.of(v.getHostPath()),
              v.getMode() == Volume.Mode.RO));
        }
      }
    }
    Optional<TaskFilesystem> taskFs = TaskFilesystem.find(runDirectory, volumes);
    if (taskFs.isPresent()) {
      if (!UnixUser.runningAsRoot()) {
        throw new IllegalArgumentException("the task runs in an image (" + taskFs.get().root() + "), which needs"
            + " the executor to run as root to mount and chroot; it runs as " + System.getProperty("user.name"));
      }
      if (runAs.isPresent()) {
        taskFs.get().addUser(runAs.get());
      }
    }
    return taskFs;
  }

  private static Optional<HealthCheck> healthCheck(TaskInstanceConfig cfg, TaskPorts ports, Path sandbox,
      Optional<UnixUser> runAs, Optional<TaskFilesystem> taskFs) {
    HealthCheckConfig hc = cfg.healthCheckConfig();
    Duration timeout = Duration.ofMillis(Math.max(1, (long) (hc.timeoutSecs() * 1000)));
    if (hc.healthChecker().shellCommand().isPresent()) {
      return Optional.of(new ShellHealthCheck(hc.healthChecker().shellCommand().get().shellCommand(), sandbox,
          runAs, taskFs, timeout));
    }
    return ports.port("health").map(port -> new HttpHealthCheck("127.0.0.1", port, hc.healthChecker().http(), timeout));
  }

  private void startMonitor(HealthCheck check, HealthCheckConfig hc, Path sandbox) {
    HealthMonitor m = new HealthMonitor(check, hc, sandbox, new HealthMonitor.Listener() {
      @Override
      public void healthy() {
        sendRunning();
      }

      @Override
      public void unhealthy(String reason) {
        healthFailure = "Failed health check! " + reason;
        LOG.warn(healthFailure);
        requestKill(healthFailure, Optional.empty());
      }
    });
    monitor = m;
    m.start();
  }

  private synchronized void sendRunning() {
    if (runningSent || killRequested || terminalSent.get()) {
      return;
    }
    runningSent = true;
    channel.update(status(taskId, Protos.TaskState.TASK_RUNNING, null));
    announce();
  }

  private void announce() {
    if (settings.announcerEnsemble().isEmpty() || config.announcer().isEmpty()) {
      return;
    }
    LaunchedTask lt = launchedTask;
    try {
      String path = ServerSetAnnouncer.groupPath(settings.announcerServersetPath(), config.announcer().get(),
          lt.role(), lt.environment(), lt.jobName());
      String host = settings.announcerHostname().orElse(lt.agentHost());
      announcer = ServerSetAnnouncer.start(settings.announcerEnsemble().get(), path, host, lt.instanceId(),
          config.announcer().get(), ports, 15_000, settings.announcerAuth());
    } catch (RuntimeException e) {
      LOG.error("cannot announce the task in ZooKeeper: {}", e.getMessage());
    }
  }

  // ---- killing and finishing ----

  private void requestKill(String reason, Optional<Duration> gracePeriod) {
    killRequested = true;
    if (killReason == null) {
      killReason = reason;
    }
    TaskRunner r = runner;
    if (r == null || !killing.compareAndSet(false, true)) {
      return; // runTask picks the request up once the runner exists
    }
    Thread t = new Thread(() -> killSequence(r, gracePeriod), "thermos-kill");
    t.setDaemon(true);
    t.start();
  }

  private void killSequence(TaskRunner r, Optional<Duration> gracePeriod) {
    Duration budget = gracePeriod.filter(g -> g.compareTo(settings.stopTimeout()) < 0).orElse(settings.stopTimeout());
    long deadline = System.nanoTime() + budget.toNanos();
    closeMonitorAndAnnouncer();
    TaskInstanceConfig cfg = config;
    TaskPorts taskPorts = ports;
    if (cfg != null && taskPorts != null && healthFailure == null) {
      Optional<HttpLifecycleConfig> http = cfg.lifecycle().httpLifecycle();
      Optional<Integer> port = http.flatMap(h -> taskPorts.port(h.port()));
      if (port.isPresent()) {
        new HttpLifecycle("127.0.0.1", port.get(), http.get()).shutdown(() -> r.outcome().isDone(), deadline);
      }
    }
    r.kill(killReason);
    long left = deadline - System.nanoTime();
    try {
      r.outcome().get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      LOG.warn("the task did not stop within the stop timeout of {}; killing everything", budget);
      r.forceKill(killReason);
    }
  }

  private void finish(TaskOutcome outcome) {
    closeMonitorAndAnnouncer();
    Protos.TaskState state;
    String message = outcome.message();
    if (healthFailure != null) {
      state = Protos.TaskState.TASK_FAILED;
      message = healthFailure;
    } else if (killRequested) {
      state = Protos.TaskState.TASK_KILLED;
      message = killReason;
    } else {
      state = switch (outcome.state()) {
        case SUCCESS -> Protos.TaskState.TASK_FINISHED;
        case KILLED -> Protos.TaskState.TASK_KILLED;
        case LOST -> Protos.TaskState.TASK_LOST;
        default -> Protos.TaskState.TASK_FAILED;
      };
    }
    sendTerminal(state, message);
  }

  private void sendTerminal(Protos.TaskState state, String message) {
    if (!terminalSent.compareAndSet(false, true)) {
      return;
    }
    LOG.info("task {} is {}: {}", taskId.getValue(), state, message);
    channel.update(status(taskId, state, message));
    finishWhenAcknowledged();
  }

  private void finishWhenAcknowledged() {
    Thread t = new Thread(() -> {
      long until = System.nanoTime() + settings.acknowledgementTimeout().toNanos();
      while (!channel.allAcknowledged() && System.nanoTime() < until) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          break;
        }
      }
      if (!channel.allAcknowledged()) {
        LOG.warn("the agent did not acknowledge the terminal update within {}", settings.acknowledgementTimeout());
      }
      done.complete(null);
    }, "thermos-await-ack");
    t.setDaemon(true);
    t.start();
  }

  private void closeMonitorAndAnnouncer() {
    HealthMonitor m = monitor;
    if (m != null) {
      m.close();
    }
    ServerSetAnnouncer a = announcer;
    announcer = null;
    if (a != null) {
      a.close();
    }
  }

  private static void chown(Path dir, UnixUser user) throws IOException {
    try {
      Process p = new ProcessBuilder("chown", "-R", user.uid() + ":" + user.gid(), dir.toString())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("cannot give the sandbox to user " + user.name() + ": " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing the sandbox", e);
    }
  }

  private static void closeQuietly(CheckpointWriter writer) {
    try {
      writer.close();
    } catch (IOException e) {
      LOG.warn("cannot close the checkpoint: {}", e.toString());
    }
  }

  private static TaskStatus status(TaskID id, Protos.TaskState state, String message) {
    TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(id).setState(state);
    if (message != null) {
      b.setMessage(message);
    }
    return b.build();
  }
}
