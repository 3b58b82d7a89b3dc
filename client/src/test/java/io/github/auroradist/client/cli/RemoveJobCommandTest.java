package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.SchedulerCommandsTest.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.ExecutorConfig;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Resources;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.storage.Op;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** aurora-admin remove_job removes a job no job URL can name (stored before keys like '..' were refused). */
class RemoveJobCommandTest extends AgainstLoopbackCluster {
  @Test
  void removesADotDotJobAndItsTasks() {
    JobKey key = new JobKey("www-data", "prod", "..");
    TaskConfig config = new TaskConfig(key, new Identity("www-data"), new Resources(0.1, 16, 16, 0, Set.of()),
        List.of(), true, false, 0, "preemptible", 1, null, List.of(), new ExecutorConfig(ExecutorConfig.THERMOS, "{}"));
    ScheduledTask task = new ScheduledTask(new AssignedTask("www-data-prod-..-0-a", null, null, config, null, 0),
        ScheduleStatus.PENDING, 0, List.of(new TaskEvent(1, ScheduleStatus.PENDING, null, "test")), null);
    // Written to the store directly: creating such a job is refused now.
    cluster.scheduler.storage().write(new Op.SaveJob(new JobConfiguration(key, new Identity("www-data"), null, null,
        1, config)), new Op.SaveTasks(List.of(task)));

    Result removed = admin("remove_job", "devcluster/www-data/prod/..");
    assertThat(removed.code()).as(removed.err()).isZero();
    assertThat(removed.out()).isEqualTo("Removed job devcluster/www-data/prod/..: 1 task(s) killed,"
        + " configuration removed\n");
    assertThat(cluster.scheduler.storage().read().job(key)).isEmpty();
    assertThat(cluster.scheduler.storage().read().tasksOf(key)).noneMatch(t -> t.status().isActive());

    Result again = admin("remove_job", "devcluster/www-data/prod/..");
    assertThat(again.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(again.err()).contains("NOT_FOUND");
    assertThat(admin("remove_job", "devcluster/www-data/..").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
  }
}
