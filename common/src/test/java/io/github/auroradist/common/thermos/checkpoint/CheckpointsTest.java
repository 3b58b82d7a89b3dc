package io.github.auroradist.common.thermos.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  @TempDir Path runDir;

  private Path writeSample() throws Exception {
    Map<String, Object> config = new ObjectMapper().readValue(
        "{\"task\": {\"name\": \"t\", \"processes\": [{\"name\": \"a\"}, {\"name\": \"b\"}, {\"name\": \"never\"}]}}",
        new TypeReference<Map<String, Object>>() { });
    Path file = Checkpoints.file(runDir, "role-env-job-0-1234");
    try (CheckpointWriter w = CheckpointWriter.create(file, new CheckpointRecord.Header(Checkpoints.VERSION,
        "role-env-job-0-1234", 1000L, "host", "nobody", "role", "env", "job", 0,
        runDir.resolve("sandbox").toString(), runDir.resolve("sandbox/.logs").toString(),
        Map.of("http", 31000), 42L, config))) {
      w.append(new CheckpointRecord.TaskStatus(TaskState.ACTIVE, 1001L, null));
      w.append(new CheckpointRecord.ProcessStatus("a", 0, ProcessState.FORKED, 1002L, 77L, null, null));
      w.append(new CheckpointRecord.ProcessStatus("a", 0, ProcessState.RUNNING, 1003L, null, null, null));
      w.append(new CheckpointRecord.ProcessStatus("a", 0, ProcessState.FAILED, 1004L, null, 3, "exit 3"));
      w.append(new CheckpointRecord.ProcessStatus("a", 1, ProcessState.FORKED, 1005L, 78L, null, null));
      w.append(new CheckpointRecord.ProcessStatus("a", 1, ProcessState.RUNNING, 1006L, null, null, null));
      w.append(new CheckpointRecord.ProcessStatus("a", 1, ProcessState.SUCCESS, 1007L, null, 0, null));
      w.append(new CheckpointRecord.ProcessStatus("b", 0, ProcessState.FORKED, 1008L, 79L, null, null));
    }
    return file;
  }

  @Test
  void replayRebuildsTaskAndProcessRuns() throws Exception {
    Path file = writeSample();
    assertThat(file).isEqualTo(runDir.resolve("checkpoints/role-env-job-0-1234.ckpt"));
    assertThat(Checkpoints.list(runDir)).containsExactly(file);

    TaskCheckpoint cp = Checkpoints.read(file);
    assertThat(cp.taskId()).isEqualTo("role-env-job-0-1234");
    assertThat(cp.header().ports()).containsEntry("http", 31000);
    assertThat(cp.state()).isEqualTo(TaskState.ACTIVE);
    assertThat(cp.isActive()).isTrue();
    assertThat(cp.tornTail()).isFalse();
    assertThat(cp.records()).isEqualTo(9);
    assertThat(cp.processes().keySet()).containsExactly("a", "b", "never");
    assertThat(cp.processes().get("a")).hasSize(2);
    ProcessRun first = cp.processes().get("a").get(0);
    assertThat(first.state()).isEqualTo(ProcessState.FAILED);
    assertThat(first.pid()).isEqualTo(77L);
    assertThat(first.forkTimeMs()).isEqualTo(1002L);
    assertThat(first.startTimeMs()).isEqualTo(1003L);
    assertThat(first.stopTimeMs()).isEqualTo(1004L);
    assertThat(first.returnCode()).isEqualTo(3);
    assertThat(first.message()).isEqualTo("exit 3");
    assertThat(cp.latestRun("a").orElseThrow().state()).isEqualTo(ProcessState.SUCCESS);
    assertThat(cp.latestRun("b").orElseThrow().state()).isEqualTo(ProcessState.FORKED);
    assertThat(cp.latestRun("never")).isEmpty();
  }

  @Test
  void tornLastRecordIsIgnored() throws Exception {
    Path file = writeSample();
    Files.writeString(file, "{\"type\":\"task_status\",\"state\":\"SUC", StandardOpenOption.APPEND);
    TaskCheckpoint cp = Checkpoints.read(file);
    assertThat(cp.tornTail()).isTrue();
    assertThat(cp.state()).isEqualTo(TaskState.ACTIVE);
    assertThat(cp.records()).isEqualTo(9);
  }

  @Test
  void corruptRecordInTheMiddleIsAnError() throws Exception {
    Path file = writeSample();
    String text = Files.readString(file).replaceFirst("\"state\":\"RUNNING\"", "\"state\":RUNNI");
    Files.writeString(file, text);
    assertThatThrownBy(() -> Checkpoints.read(file))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("line 4");
  }

  @Test
  void newerVersionAndMissingHeaderAreRefused() throws Exception {
    Path newer = runDir.resolve("newer.ckpt");
    Files.writeString(newer, "{\"type\":\"header\",\"version\":99,\"task_id\":\"x\",\"launch_time_ms\":1}\n");
    assertThatThrownBy(() -> Checkpoints.read(newer)).hasMessageContaining("version 99");
    Path headless = runDir.resolve("headless.ckpt");
    Files.writeString(headless, "{\"type\":\"task_status\",\"state\":\"ACTIVE\",\"time_ms\":1}\n");
    assertThatThrownBy(() -> Checkpoints.read(headless)).hasMessageContaining("header");
    Path empty = runDir.resolve("empty.ckpt");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> Checkpoints.read(empty)).hasMessageContaining("no header");
  }

  @Test
  void unknownFieldsFromNewerWritersAreIgnored() throws Exception {
    Path file = writeSample();
    Files.write(file, "{\"type\":\"task_status\",\"state\":\"SUCCESS\",\"time_ms\":2000,\"future\":1}\n"
        .getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    TaskCheckpoint cp = Checkpoints.read(file);
    assertThat(cp.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(cp.isActive()).isFalse();
    assertThat(cp.stateTimeMs()).contains(2000L);
  }

  @Test
  void fileNamesAreSafe() {
    assertThat(Checkpoints.fileName("../etc/passwd")).isEqualTo("_._etc_passwd.ckpt").doesNotContain("/");
  }
}
