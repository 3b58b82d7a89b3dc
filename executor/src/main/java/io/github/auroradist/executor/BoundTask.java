package io.github.auroradist.executor;

import io.github.auroradist.common.thermos.config.TaskInstanceConfig;
import io.github.auroradist.common.thermos.config.TaskPorts;
import io.github.auroradist.common.thermos.config.TemplateBinder;
import io.github.auroradist.common.thermos.config.ThermosConfigs;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A launched task's Thermos configuration with every {@code {{...}}} bound, and the ports it was
 * bound with: the assigned ports plus the announcer's portmap aliases (health checks, the HTTP
 * lifecycle, the announcement and the checkpoint all use these, as in Aurora).
 *
 * @param tree the bound JSON as plain values (no jackson-databind), as checkpointed
 */
record BoundTask(Map<String, Object> tree, TaskInstanceConfig config, TaskPorts ports) {
  private static final Logger LOG = LoggerFactory.getLogger(BoundTask.class);

  /**
   * @param user the user the processes run as ({@code {{thermos.user}}})
   * @throws IllegalArgumentException naming what cannot be bound or does not match Aurora's schema
   */
  static BoundTask bind(LaunchedTask task, String user) {
    Map<String, Object> raw = ThermosConfigs.readTree(task.executorData());
    TaskPorts ports = TaskPorts.resolve(raw, binder(task, task.assignedPorts(), user), task.assignedPorts());
    ports.requireResolvedReferences(raw);
    ports.unresolved().forEach((alias, chain) -> LOG.warn("the announcer's portmap alias {} leads to a port the"
        + " task was not given ({}); it is not announced", alias, String.join(" -> ", chain)));
    @SuppressWarnings("unchecked") // binding an object gives an object
    Map<String, Object> bound = (Map<String, Object>) binder(task, ports.ports(), user).bind(raw);
    return new BoundTask(bound, ThermosConfigs.fromTree(bound), ports);
  }

  private static TemplateBinder binder(LaunchedTask task, Map<String, Integer> ports, String user) {
    return new TemplateBinder(TemplateBinder.executorBindings(task.instanceId(), task.agentHost(), ports,
        task.taskId(), user));
  }
}
