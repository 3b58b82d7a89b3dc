package io.github.auroradist.scheduler.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.ExecutorConfig;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeTransactionTest {
  @TempDir
  Path dir;

  @Test
  void aJobWithTheMostInstancesAndABigConfigFitsInOneTransaction() throws Exception {
    try (OpenLog log = new OpenLog(dir.resolve("db"))) {
      StateManager manager = TestTasks.stateManager(Clock.systemUTC(), TaskEffects.NONE);
      JobKey key = new JobKey("r", "prod", "big");
      TaskConfig base = TestTasks.config(key, true);
      String thermos = "{\"processes\": [" + "{\"name\": \"p\", \"cmdline\": \"echo hello world\"},".repeat(60)
          + "{}]}";
      TaskConfig config = new TaskConfig(key, base.owner(), base.resources(), base.constraints(), true, false, 0,
          "preemptible", 1, null, List.of(), new ExecutorConfig(ExecutorConfig.THERMOS, thermos));
      Set<Integer> instances = IntStream.range(0, 4000).boxed().collect(Collectors.toSet());
      List<ScheduledTask> created = log.storage.write(s -> manager.insertPendingTasks(s, config, instances));
      assertThat(created).hasSize(4000);
      assertThat(log.stores.tasksOf(key)).hasSize(4000);
      assertThat(thermos.length() * 4000L).isGreaterThan(RatisDurableLog.MAX_ENTRY_BYTES);
    }
  }

  @Test
  void aTransactionTooLargeForTheLogIsRefusedWithoutStoppingTheScheduler() throws Exception {
    try (OpenLog log = new OpenLog(dir.resolve("db"))) {
      byte[] noise = new byte[7 << 20];
      new java.util.Random(1).nextBytes(noise);
      String incompressible = java.util.Base64.getEncoder().encodeToString(noise);
      JobKey key = new JobKey("r", "prod", "huge");
      TaskConfig base = TestTasks.config(key, true);
      TaskConfig config = new TaskConfig(key, base.owner(), base.resources(), base.constraints(), true, false, 0,
          "preemptible", 1, null, List.of(), new ExecutorConfig(ExecutorConfig.THERMOS, incompressible));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.storage.write(
              new Op.SaveJob(new io.github.auroradist.common.model.JobConfiguration(key, base.owner(), null, null, 1,
                  config))))
          .isInstanceOf(TransactionTooLargeException.class)
          .hasMessageContaining("too large to record");
      assertThat(log.stores.job(key)).isEmpty();
      log.storage.write(new Op.SaveFrameworkId("still-writing"));
      assertThat(log.stores.frameworkId()).contains("still-writing");
    }
  }
}
