package io.github.auroradist.benchmarks;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.ExecutorConfig;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.state.RescheduleCalculator;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.state.TaskIds;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * A scheduler's state for a benchmark: the real stores, storage and state manager on a {@link MemoryLog}, and
 * the hosts, offers and tasks of a simulated cluster (hosts two to a rack, as in Aurora's benchmarks).
 */
final class Cluster {
  /** Aurora's default executor overhead, which the placer adds to every task. */
  static final double EXECUTOR_CPUS = 0.25;
  static final double EXECUTOR_MEM_MB = 128;
  static final String SCHEDULER_HOST = "scheduler.benchmark";

  final InMemoryStores stores = new InMemoryStores();
  final Storage storage;
  final StateManager stateManager;

  Cluster(Clock clock) {
    storage = new Storage(stores, new MemoryLog(stores), e -> {
      throw new IllegalStateException("the benchmark's log failed", e);
    });
    stateManager = new StateManager(clock, SCHEDULER_HOST,
        new RescheduleCalculator(RescheduleCalculator.Settings.DEFAULTS), TaskEffects.NONE);
  }

  Cluster() {
    this(Clock.systemUTC());
  }

  static String host(int i) {
    return String.format("host-%07d", i);
  }

  static String agentId(int i) {
    return String.format("agent-%07d", i);
  }

  static String rack(int i) {
    return "rack-" + i / 2;
  }

  static HostAttributes attributes(int i) {
    return new HostAttributes(host(i), agentId(i), Map.of("rack", Set.of(rack(i)), "host", Set.of(host(i))));
  }

  /** Stores the attributes of hosts 0 to {@code hosts - 1}, as the scheduler does on their first offers. */
  void saveHosts(int hosts) {
    storage.write(s -> {
      for (int i = 0; i < hosts; i++) {
        s.add(new Op.SaveHostAttributes(attributes(i)));
      }
      return null;
    });
  }

  /** An offer of host {@code i} with the given resources (no ports). */
  static Offer offer(int i, double cpus, double memMb, double diskMb) {
    return Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue("offer-" + i))
        .setFrameworkId(FrameworkID.newBuilder().setValue("benchmark-framework"))
        .setAgentId(AgentID.newBuilder().setValue(agentId(i)))
        .setHostname(host(i))
        .addResources(scalar("cpus", cpus))
        .addResources(scalar("mem", memMb))
        .addResources(scalar("disk", diskMb))
        .addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
            .setText(Value.Text.newBuilder().setValue(rack(i))))
        .build();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  static JobKey job(String role, String name) {
    return new JobKey(role, "prod", name);
  }

  static TaskConfig task(JobKey job, Resources resources, List<Constraint> constraints, int priority) {
    return new TaskConfig(job, new Identity(job.role()), resources, constraints, true, true, priority, null, 1,
        null, List.of(), new ExecutorConfig("AuroraExecutor", "{\"task\":\"benchmark\"}"));
  }

  static TaskConfig task(JobKey job, Resources resources) {
    return task(job, resources, List.of(), 0);
  }

  /** A task of {@code config} in {@code status} on host {@code hostIndex} (null: not placed). */
  static ScheduledTask taskIn(TaskConfig config, int instance, ScheduleStatus status, Integer hostIndex, long now) {
    AssignedTask assigned = new AssignedTask(TaskIds.newId(config.job(), instance),
        hostIndex == null ? null : agentId(hostIndex), hostIndex == null ? null : host(hostIndex), config, Map.of(),
        instance);
    return new ScheduledTask(assigned, status, 0,
        List.of(new TaskEvent(now, ScheduleStatus.PENDING, null, SCHEDULER_HOST),
            new TaskEvent(now, status, null, SCHEDULER_HOST)), null);
  }

  /** Saves tasks in one write. */
  void save(List<ScheduledTask> tasks) {
    storage.write(new Op.SaveTasks(tasks));
  }

  /** Removes every task. */
  void removeAllTasks() {
    List<String> ids = new ArrayList<>();
    stores.tasks(t -> true).forEach(t -> ids.add(t.taskId()));
    if (!ids.isEmpty()) {
      storage.write(new Op.RemoveTasks(Set.copyOf(ids)));
    }
  }
}
