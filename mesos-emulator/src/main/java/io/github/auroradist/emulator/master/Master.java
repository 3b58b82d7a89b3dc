package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.mesos.http.MesosContentType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.maintenance.Protos.ClusterStatus;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * A master: frameworks, agents, offers, tasks and status updates. Built from its parts (the
 * registries, the {@link Allocator}, {@link StatusUpdates}, the lifecycles of frameworks and agents,
 * the scheduler calls and the {@code /state} rendering), which share one {@link MasterLock}. These
 * entry points take that lock and hand over; events leave through each framework's
 * {@link EventStream} and agent calls through one ordered queue per agent, so nothing blocks while
 * holding it.
 */
public final class Master implements AutoCloseable {
  private final MasterConfig config;
  private final String masterId = UUID.randomUUID().toString();
  private final MasterLock lock = new MasterLock();
  private final Allocator allocator;
  private final StatusUpdates updates;
  private final FrameworkLifecycle frameworkLifecycle;
  private final AgentLifecycle agentLifecycle;
  private final AgentRegistry agents;
  private final SchedulerCalls calls;
  private final MasterStateJson state;
  private final Maintenance maintenance;
  private MasterInfo info;

  public Master(MasterConfig config) {
    this.config = config;
    FrameworkRegistry frameworks = new FrameworkRegistry(masterId);
    this.agents = new AgentRegistry(masterId);
    this.maintenance = new Maintenance(masterId, frameworks, agents);
    this.allocator = new Allocator(config, masterId, lock, frameworks, agents, maintenance::isDown);
    this.updates = new StatusUpdates(config, lock, frameworks, agents);
    this.frameworkLifecycle = new FrameworkLifecycle(config, lock, frameworks, agents, allocator);
    this.agentLifecycle = new AgentLifecycle(config, masterId, lock, agents, frameworks, frameworkLifecycle,
        allocator, updates);
    TaskLauncher launcher = new TaskLauncher(lock, frameworks, allocator, updates);
    Reconciler reconciler = new Reconciler(agents, updates);
    this.calls = new SchedulerCalls(config, lock, frameworks, frameworkLifecycle, agents, allocator, updates,
        launcher, reconciler, maintenance);
    this.state = new MasterStateJson(config, Instant.now(), frameworks, agents, allocator);
  }

  /** Starts the timers once the HTTP port is known. */
  public void start(int boundPort) {
    String ip = config.advertiseIp();
    MasterInfo started = MasterInfo.newBuilder()
        .setId(masterId)
        .setIp(ipToInt(ip))
        .setPort(boundPort)
        .setPid("master@" + ip + ":" + boundPort)
        .setHostname(config.hostname())
        .setVersion(AgentProtocol.MESOS_VERSION)
        .setAddress(Address.newBuilder().setHostname(config.hostname()).setIp(ip).setPort(boundPort))
        .build();
    lock.run(() -> {
      info = started;
      allocator.start();
      frameworkLifecycle.start();
      agentLifecycle.start();
      updates.start();
      lock.every(config.allocationInterval(), maintenance::offer);
    });
  }

  public MasterInfo info() {
    return lock.call(() -> info);
  }

  public String id() {
    return masterId;
  }

  static int ipToInt(String ip) {
    String[] parts = ip.split("\\.", -1); // -1: "1.2.3.4." has five parts, not four
    if (parts.length != 4) {
      return 0;
    }
    int value = 0;
    for (int i = 3; i >= 0; i--) {
      value = (value << 8) | (Integer.parseInt(parts[i]) & 0xff);
    }
    return value; // network byte order read as a little-endian int, as Mesos stores it
  }

  // ---------------------------------------------------------------- scheduler API

  /** Checks a SUBSCRIBE before the stream starts; null when it may go ahead. */
  public CallResult checkSubscribe(Call call) {
    return lock.call(() -> calls.checkSubscribe(call));
  }

  /** Attaches a subscribed framework to its new stream and sends SUBSCRIBED. */
  public void subscribe(Call call, EventStream stream, String streamId, MesosContentType type) {
    lock.run(() -> calls.subscribe(call, stream, streamId, type, info));
  }

  /** Handles every call but SUBSCRIBE, after the HTTP layer has decoded and validated it. */
  public CallResult call(Call call, String streamId) {
    return lock.call(() -> calls.call(call, streamId));
  }

  // ---------------------------------------------------------------- agent protocol

  /** Registers or re-registers an agent; the reply carries its id (or an error status). */
  public AgentReply registerAgent(JsonNode request) {
    return lock.call(() -> agentLifecycle.register(request));
  }

  public int ping(String agentId) {
    return lock.call(() -> agentLifecycle.ping(agentId));
  }

  /**
   * Pings of many agents at once (the simulated agents), in one turn of the lock: one turn per agent queued 10,000
   * times behind the scheduler's calls, and the pings came late enough for agents to be removed. Returns the ids
   * the master does not know.
   */
  public List<String> pingAll(List<String> agentIds) {
    return lock.call(() -> agentIds.stream().filter(id -> agentLifecycle.ping(id) != 200).toList());
  }

  /** A status update the agent forwarded; those with a uuid are retried until acknowledged. */
  public void statusUpdate(String agentId, String frameworkId, TaskStatus status) {
    lock.run(() -> updates.fromAgent(frameworkId, status));
  }

  /** Status updates of many agents at once (the simulated agents): one turn of the lock for all of them. */
  public void statusUpdates(List<ForwardedUpdate> forwarded) {
    lock.run(() -> forwarded.forEach(u -> updates.fromAgent(u.frameworkId(), u.status())));
  }

  public void executorExited(String agentId, String frameworkId, String executorId, int status) {
    lock.run(() -> agentLifecycle.executorExited(agentId, frameworkId, executorId, status));
  }

  public void executorMessage(String agentId, String frameworkId, String executorId, byte[] data) {
    lock.run(() -> agentLifecycle.executorMessage(agentId, frameworkId, executorId, data));
  }

  // ---------------------------------------------------------------- maintenance

  public Schedule maintenanceSchedule() {
    return lock.call(maintenance::schedule);
  }

  public void updateMaintenanceSchedule(Schedule schedule) {
    lock.run(() -> maintenance.updateSchedule(schedule));
  }

  public ClusterStatus maintenanceStatus() {
    return lock.call(maintenance::status);
  }

  public void machinesDown(List<MachineID> machines) {
    lock.run(() -> maintenance.down(machines));
  }

  public void machinesUp(List<MachineID> machines) {
    lock.run(() -> maintenance.up(machines));
  }

  // ---------------------------------------------------------------- /state

  /** JSON close to Mesos's master /state; leader may be null when none is known. */
  public ObjectNode state(MasterInfo leader) {
    return lock.call(() -> state.render(info, leader));
  }

  @Override
  public void close() {
    lock.close();
    List<EventStream> streams = lock.call(() -> {
      agents.stopAll();
      return frameworkLifecycle.detachStreams();
    });
    streams.forEach(EventStream::close);
  }
}
