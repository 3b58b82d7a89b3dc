package io.github.auroradist.emulator.testing;

import com.google.protobuf.ByteString;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Builders for the tasks and calls tests send. */
public final class Tasks {
  private Tasks() {}

  public static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  public static ExecutorInfo testExecutor(String executorId) {
    return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(executorId))
        .setName("test executor").setType(ExecutorInfo.Type.CUSTOM)
        .setCommand(CommandInfo.newBuilder().setValue(TestExecutor.command()).setShell(true))
        .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 64)).build();
  }

  /** A task for the test executor; the behaviour goes in the task's data (see {@link TestExecutor}). */
  public static TaskInfo executorTask(String taskId, AgentID agent, ExecutorInfo executor, String behaviour) {
    return TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(agent)
        .setExecutor(executor).addResources(scalar("cpus", 0.5)).addResources(scalar("mem", 128))
        .setData(ByteString.copyFromUtf8(behaviour)).build();
  }

  public static TaskInfo commandTask(String taskId, AgentID agent, String shellCommand) {
    return TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(agent)
        .setCommand(CommandInfo.newBuilder().setValue(shellCommand).setShell(true))
        .addResources(scalar("cpus", 0.25)).addResources(scalar("mem", 32)).build();
  }

  public static Call launch(Offer offer, List<TaskInfo> tasks) {
    return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
        .addOfferIds(offer.getId())
        .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
            .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)))
        .setFilters(Filters.newBuilder().setRefuseSeconds(0))).build();
  }

  public static Call decline(OfferID offer, double refuseSeconds) {
    return Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder().addOfferIds(offer)
        .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds))).build();
  }

  public static Call acknowledge(org.apache.mesos.v1.Protos.TaskStatus status) {
    return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
        .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build();
  }

  public static Call kill(String taskId, AgentID agent) {
    return Call.newBuilder().setType(Call.Type.KILL).setKill(Call.Kill.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(taskId)).setAgentId(agent)).build();
  }
}
