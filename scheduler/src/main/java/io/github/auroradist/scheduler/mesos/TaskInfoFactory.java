package io.github.auroradist.scheduler.mesos;

import com.google.protobuf.ByteString;
import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.ExecutorTaskData;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.process.ExecutorHeap;
import io.github.auroradist.common.model.Volume;
import io.github.auroradist.scheduler.SchedulerSettings.ExecutorSettings;
import io.github.auroradist.scheduler.containers.ContainerInfos;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.Ports;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Builds the Mesos TaskInfo for a placed task: the Thermos executor (command and overhead
 * resources from the flags, and the task's container as {@link ContainerInfos} builds it) and, as data,
 * {@link ExecutorTaskData} in JSON.
 */
public final class TaskInfoFactory {
  public static final String EXECUTOR_NAME = "aurora.task";
  public static final String EXECUTOR_ID_PREFIX = "thermos-";

  private final ExecutorSettings executor;
  private final String cluster;
  private final boolean populateDiscoveryInfo;
  private final ContainerInfos containers;

  /**
   * @param populateDiscoveryInfo -populate_discovery_info: tasks carry Mesos DiscoveryInfo
   * @param globalContainerMounts -global_container_mounts: mounted into every task's container
   */
  public TaskInfoFactory(ExecutorSettings executor, String cluster, boolean populateDiscoveryInfo,
      List<Volume> globalContainerMounts) {
    this.executor = executor;
    this.cluster = cluster;
    this.populateDiscoveryInfo = populateDiscoveryInfo;
    this.containers = new ContainerInfos(globalContainerMounts);
  }

  // ExecutorInfo.source is deprecated in Mesos but still shown in its UI and metrics, as Aurora sets it.
  @SuppressWarnings("deprecation")
  public TaskInfo build(AssignedTask task, FrameworkID frameworkId, AgentID agent, List<Resource> taskResources,
      List<Resource> executorResources) {
    JobKey job = task.task().job();
    String command = executor.path() + (executor.flags() == null || executor.flags().isBlank() ? ""
        : " " + executor.flags());
    ByteString data = ByteString.copyFrom(ExecutorTaskData.of(task, cluster).toJson());
    // The executor's heap grows with the task's data, which it holds several times over while it starts the task.
    CommandInfo.Builder commandInfo = CommandInfo.newBuilder().setShell(true).setValue(command)
        .setEnvironment(Environment.newBuilder().addVariables(Environment.Variable.newBuilder()
            .setName(ExecutorHeap.VARIABLE).setValue(ExecutorHeap.option(data.size()))));
    for (String uri : executor.resources()) {
      boolean archive = uri.endsWith(".tar.gz") || uri.endsWith(".tgz") || uri.endsWith(".zip")
          || uri.endsWith(".tar") || uri.endsWith(".tar.bz2") || uri.endsWith(".tar.xz");
      commandInfo.addUris(CommandInfo.URI.newBuilder().setValue(uri).setExtract(archive).setExecutable(!archive));
    }
    ExecutorInfo.Builder executorInfo = ExecutorInfo.newBuilder()
        .setType(ExecutorInfo.Type.CUSTOM)
        .setExecutorId(ExecutorID.newBuilder().setValue(EXECUTOR_ID_PREFIX + task.taskId()))
        .setFrameworkId(frameworkId)
        .setName(EXECUTOR_NAME)
        .setSource(job.role() + "." + job.environment() + "." + job.name() + "." + task.instanceId())
        .setCommand(commandInfo)
        .addAllResources(executorResources);
    containers.of(task.task().container()).ifPresent(executorInfo::setContainer);
    TaskInfo.Builder info = TaskInfo.newBuilder()
        .setName(job.path() + "/" + task.instanceId())
        .setTaskId(TaskID.newBuilder().setValue(task.taskId()))
        .setAgentId(agent)
        .addAllResources(taskResources)
        .setExecutor(executorInfo)
        .setData(data)
        .setLabels(Labels.newBuilder()
            .addLabels(Label.newBuilder().setKey("org.apache.aurora.tier").setValue(String.valueOf(task.task().tier())))
            .addLabels(Label.newBuilder().setKey("org.apache.aurora.metadata.instance")
                .setValue(String.valueOf(task.instanceId()))));
    if (populateDiscoveryInfo) {
      info.setDiscovery(discovery(task));
    }
    return info.build();
  }

  /** As Aurora: visible to the framework, named {@code <job>.<env>.<role>}, with each named port over TCP. */
  private static DiscoveryInfo discovery(AssignedTask task) {
    JobKey job = task.task().job();
    Ports.Builder ports = Ports.newBuilder();
    task.assignedPorts().forEach((name, number) ->
        ports.addPorts(Port.newBuilder().setName(name).setNumber(number).setProtocol("tcp")));
    return DiscoveryInfo.newBuilder().setVisibility(DiscoveryInfo.Visibility.FRAMEWORK)
        .setName(job.name() + "." + job.environment() + "." + job.role()).setPorts(ports).build();
  }
}
