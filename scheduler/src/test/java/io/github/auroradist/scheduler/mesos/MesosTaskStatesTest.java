package io.github.auroradist.scheduler.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.ScheduleStatus;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MesosTaskStatesTest {
  @ParameterizedTest
  @EnumSource(TaskState.class)
  void everyMesosStateHasAMeaning(TaskState state) {
    Optional<ScheduleStatus> status = MesosTaskStates.toStatus(state);
    switch (state) {
      case TASK_STAGING, TASK_KILLING -> assertThat(status).isEmpty();
      case TASK_UNREACHABLE -> assertThat(status).contains(ScheduleStatus.PARTITIONED);
      case TASK_STARTING -> assertThat(status).contains(ScheduleStatus.STARTING);
      case TASK_RUNNING -> assertThat(status).contains(ScheduleStatus.RUNNING);
      default -> {
        assertThat(status).get().matches(ScheduleStatus::isTerminal);
        // Terminal in Mesos is terminal here, except UNKNOWN which Mesos does not call terminal.
        assertThat(MesosTaskStates.isTerminal(state)).isEqualTo(state != TaskState.TASK_UNKNOWN);
      }
    }
  }
}
