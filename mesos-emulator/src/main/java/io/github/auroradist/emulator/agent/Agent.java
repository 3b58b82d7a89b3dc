package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.timers.TimerThreads;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * An agent: registers with the leading master ({@link MasterSession}), runs executors as real
 * processes in Mesos-style sandboxes ({@link ExecutorLauncher}), serves them the executor API
 * ({@link ExecutorApi}), relays status updates and acknowledgements ({@link TaskUpdates}) and kills
 * with escalating signals ({@link KillEscalation}). The parts share the {@link AgentState}, whose
 * monitor is the agent's one lock.
 */
public final class Agent implements AutoCloseable {
  private final AgentConfig config;
  private final AgentState state;
  private final TimerThreads timers = new TimerThreads("agent-timers", 2);
  private final MasterSession master;
  private final TaskUpdates updates;
  private final ExecutorApi executorApi;
  private final KillEscalation kills;
  private final ExecutorLauncher launcher;
  private final AgentStateJson stateJson;

  public Agent(AgentConfig config) {
    this.config = config;
    this.state = new AgentState(config);
    MasterLink link = MasterLink.create(config.master(), (int) config.zkSessionTimeout().toMillis());
    this.master = new MasterSession(state, link);
    this.updates = new TaskUpdates(state, master);
    this.executorApi = new ExecutorApi(state, updates, master, timers);
    this.kills = new KillEscalation(state, updates, timers);
    this.launcher = new ExecutorLauncher(state, updates, kills, master, timers);
    this.stateJson = new AgentStateJson(state, master);
  }

  /** Starts talking to the master once the HTTP port is bound. */
  public void start(int boundPort) throws IOException {
    synchronized (state) {
      state.port = boundPort;
    }
    Files.createDirectories(config.workDir());
    master.start();
    executorApi.start();
  }

  public Optional<String> id() {
    synchronized (state) {
      return Optional.ofNullable(state.agentId);
    }
  }

  public int port() {
    synchronized (state) {
      return state.port;
    }
  }

  public AgentConfig config() {
    return config;
  }

  /**
   * Cuts the agent off from its master, as a network partition would: no pings, registrations, status updates
   * or calls pass either way (the master marks it unreachable once its pings stop). Its executors and tasks
   * keep running.
   */
  public void partition() {
    master.partition(true);
  }

  /** Ends {@link #partition}: the agent re-registers under its id with its tasks and resends held updates. */
  public void heal() {
    master.partition(false);
  }

  boolean partitioned() {
    return master.partitioned();
  }

  // ---------------------------------------------------------------- from the master

  /** RUN: start (or reuse) the task's executor and hand it the task. */
  public void run(FrameworkInfo framework, TaskInfo task) {
    launcher.run(framework, task);
  }

  /** KILL; policy may be null. */
  public void kill(String frameworkId, String taskId, KillPolicy policy) {
    kills.kill(frameworkId, taskId, policy);
  }

  /** ACKNOWLEDGE relayed by the master: drop the update and tell the executor. */
  public void acknowledge(String frameworkId, String taskId, ByteString uuid) {
    updates.acknowledge(frameworkId, taskId, uuid);
  }

  public void shutdownFramework(String frameworkId) {
    kills.shutdownFramework(frameworkId);
  }

  public void shutdownExecutor(String frameworkId, String executorId) {
    kills.shutdownExecutor(frameworkId, executorId);
  }

  public void frameworkMessage(String frameworkId, String executorId, byte[] data) {
    executorApi.toExecutor(frameworkId, executorId, data);
  }

  // ---------------------------------------------------------------- from executors

  ExecutorApi.Refusal checkExecutor(String frameworkId, String executorId, boolean subscribing) {
    return executorApi.check(frameworkId, executorId, subscribing);
  }

  void subscribe(String frameworkId, String executorId, EventStream stream, MesosContentType type,
      Call.Subscribe subscribe) {
    executorApi.subscribe(frameworkId, executorId, stream, type, subscribe);
  }

  /** UPDATE; returns a refusal message or null. */
  String executorUpdate(String frameworkId, String executorId, TaskStatus status) {
    return executorApi.update(frameworkId, executorId, status);
  }

  void executorMessage(String frameworkId, String executorId, byte[] data) {
    executorApi.fromExecutor(frameworkId, executorId, data);
  }

  /** JSON close to Mesos's agent /state. */
  public ObjectNode state() {
    return stateJson.render();
  }

  /** Stops the agent; with killExecutors its executors' process trees are killed at once. */
  public void close(boolean killExecutors) {
    master.close();
    List<ExecutorRun> runs;
    List<EventStream> streams = new ArrayList<>();
    synchronized (state) {
      runs = state.runs();
      for (ExecutorRun run : runs) {
        run.frameworkGone = true;
        if (run.stream != null) {
          streams.add(run.stream);
        }
      }
    }
    streams.forEach(EventStream::close);
    if (killExecutors) {
      for (ExecutorRun run : runs) {
        Process p = run.process;
        if (p != null) {
          ProcessTree.kill(p.toHandle());
        }
      }
    }
    timers.shutdownNow();
  }

  @Override
  public void close() {
    close(true);
  }
}
