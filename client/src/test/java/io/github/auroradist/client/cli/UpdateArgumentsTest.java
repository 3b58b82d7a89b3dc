package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad update command lines are refused before any scheduler is asked, each naming the problem and the fix. */
class UpdateArgumentsTest {
  static final String HELLO = "devcluster/www-data/devel/hello_world";

  @TempDir Path dir;

  @Test
  void everyUpdateCommandAnswersHelp() {
    for (String command : new String[] {"start", "pause", "resume", "abort", "rollback", "list", "info", "wait"}) {
      Result r = aurora("update", command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).as(command).startsWith("Usage: aurora update " + command + " ");
    }
    Result none = aurora("update");
    assertThat(none.code()).isEqualTo(ExitCodes.INVALID_COMMAND);
    assertThat(none.err()).contains("start, pause, resume, abort, rollback, list, info, wait");
  }

  @Test
  void badKeysAndMissingArgumentsAreRefused() {
    Result badKey = aurora("update", "start", "devcluster/www-data/hello_world", config("hello_world.aurora"));
    assertThat(badKey.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badKey.err()).contains("is not a job key", "CLUSTER/ROLE/ENV/NAME/INSTANCES");
    Result badInstances = aurora("update", "start", HELLO + "/0-200000", config("hello_world.aurora"));
    assertThat(badInstances.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badInstances.err()).contains("above the highest instance id");
    assertThat(aurora("update", "pause", "devcluster/www-data").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(aurora("update", "wait", HELLO).code()).isEqualTo(ExitCodes.INVALID_COMMAND);
    assertThat(aurora("update", "start", HELLO).code()).isEqualTo(ExitCodes.INVALID_COMMAND);
  }

  @Test
  void aCronJobIsScheduledNotUpdated() {
    String key = "devcluster/analytics/staging2/nightly_report";
    Result r = aurora("update", "start", key, config("cron_job.aurora"));
    assertThat(r.code()).isEqualTo(ExitCodes.COMMAND_FAILURE);
    assertThat(r.err()).contains("is a cron job", "aurora cron schedule " + key);
  }

  @Test
  void aConfigurationWithoutTheKeyIsRefused() {
    Result r = aurora("update", "start", "devcluster/www-data/prod/hello_world", config("hello_world.aurora"));
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("has no job devcluster/www-data/prod/hello_world; it defines " + HELLO);
  }

  @Test
  void invalidUpdateSettingsAreRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("bad_batch.aurora"), Files.readString(Path.of(
        config("hello_world.aurora"))).replace("task = task)",
            "task = task, update_config = UpdateConfig(batch_size = 0, watch_secs = -5))"));
    Result r = aurora("update", "start", HELLO, file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("update_config.batch_size must be at least 1, not 0",
        "update_config.watch_secs must be 0 or more, not -5");
  }

  @Test
  void listFiltersAreChecked() {
    Result tooDeep = aurora("update", "list", "devcluster/www-data/devel/hello/0");
    assertThat(tooDeep.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(tooDeep.err()).contains("does not name updates", "CLUSTER/ROLE/ENV/NAME");
    assertThat(aurora("update", "list", "devcluster//devel").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    Result badStatus = aurora("update", "list", "devcluster", "--status", "rolling");
    assertThat(badStatus.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badStatus.err()).contains("--status 'rolling'", "ROLLING_FORWARD", "active", "succeeded");
  }

  @Test
  void statusGroupsAreAurora() {
    assertThat(UpdateListCommand.statuses(List.of())).isEmpty();
    assertThat(UpdateListCommand.statuses(List.of("active"))).isEqualTo(JobUpdateStatus.ACTIVE);
    assertThat(UpdateListCommand.statuses(List.of("paused", "ROLLED_FORWARD"))).isEqualTo(Set.of(
        JobUpdateStatus.ROLL_FORWARD_PAUSED, JobUpdateStatus.ROLL_BACK_PAUSED, JobUpdateStatus.ROLLED_FORWARD));
    assertThat(UpdateListCommand.statuses(List.of("failed,blocked"))).isEqualTo(EnumSet.of(JobUpdateStatus.ERROR,
        JobUpdateStatus.FAILED, JobUpdateStatus.ROLLED_BACK, JobUpdateStatus.ROLL_FORWARD_AWAITING_PULSE,
        JobUpdateStatus.ROLL_BACK_AWAITING_PULSE));
    assertThat(UpdateListCommand.statuses(List.of("rolling_back"))).containsExactly(JobUpdateStatus.ROLLING_BACK);
    // Every status asked for is no filter at all.
    assertThat(UpdateListCommand.statuses(List.of("all"))).isEmpty();
    assertThat(UpdateListCommand.statuses(List.of("active", "inactive"))).isEmpty();
  }
}
