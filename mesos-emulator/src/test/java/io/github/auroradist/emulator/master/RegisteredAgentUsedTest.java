package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.emulator.resources.ResourceSet;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** The agent's used resources are kept between calls; every change that frees or takes resources shows. */
class RegisteredAgentUsedTest {
  private static final FrameworkID FW = FrameworkID.newBuilder().setValue("fw").build();
  private final RegisteredAgent agent = new RegisteredAgent(AgentID.newBuilder().setValue("a1").build());

  private TaskRecord task(String id, String resources) {
    TaskInfo info = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(agent.id).build();
    return new TaskRecord(info, FW, agent.id, ResourceSet.parse(resources));
  }

  private double cpus() {
    return agent.used().scalar("cpus");
  }

  @Test
  void followsTasksAndExecutorsComingAndGoingAndTasksEnding() {
    assertThat(cpus()).isZero();
    TaskRecord t1 = task("t1", "cpus:1;mem:10");
    agent.putTask("fw/t1", t1);
    assertThat(cpus()).isEqualTo(1.0);
    agent.putTask("fw/t2", task("t2", "cpus:2;mem:10"));
    assertThat(cpus()).isEqualTo(3.0);
    assertThat(agent.used().scalar("mem")).isEqualTo(20.0);

    t1.state = TaskState.TASK_RUNNING;
    assertThat(cpus()).isEqualTo(3.0);
    t1.state = TaskState.TASK_FINISHED;
    assertThat(cpus()).as("an ended task's resources are free").isEqualTo(2.0);

    agent.putExecutor("fw/e1", new ExecutorRecord(FW, ExecutorID.newBuilder().setValue("e1").build(),
        ResourceSet.parse("cpus:0.5;mem:32")));
    assertThat(cpus()).isEqualTo(2.5);
    agent.removeTask("fw/t2");
    assertThat(cpus()).isEqualTo(0.5);
    // The same number of live tasks as before, but other ones: still summed anew.
    agent.putTask("fw/t3", task("t3", "cpus:4;mem:10"));
    assertThat(cpus()).isEqualTo(4.5);
    assertThat(agent.removeExecutorsOf("other")).isFalse();
    assertThat(agent.removeExecutorsOf("fw")).isTrue();
    assertThat(cpus()).isEqualTo(4.0);
    agent.clearTasksAndExecutors();
    assertThat(cpus()).isZero();
  }
}
