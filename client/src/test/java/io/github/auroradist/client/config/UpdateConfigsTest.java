package io.github.auroradist.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import io.github.auroradist.common.model.update.JobUpdateStrategy.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's {@code update_config} as the scheduler's JobUpdateSettings, through the real configuration loader. */
class UpdateConfigsTest {
  static final AuroraJobKey KEY = AuroraJobKey.parse("devcluster/www-data/devel/web");
  static final InstanceRanges ALL = new InstanceRanges(List.of());

  @TempDir Path dir;

  /** The job KEY of a file whose Service has {@code update_config = <updateConfig>}. */
  ConfiguredJob job(String updateConfig) throws Exception {
    Path file = Files.writeString(dir.resolve("web.aurora"), """
        jobs = [Service(cluster = 'devcluster', role = 'www-data', environment = 'devel', name = 'web',
                        update_config = %s,
                        task = SimpleTask('web', 'sleep 600'))]
        """.formatted(updateConfig));
    return AuroraConfigLoader.shared().load(file, Map.of()).job(KEY);
  }

  @Test
  void defaultsAreAQueueOfOneWatchedFor45Seconds() throws Exception {
    assertThat(job("UpdateConfig()").updateSettings(ALL)).isEqualTo(new JobUpdateSettings(1, 0, 0, 45_000, true,
        null, false, null, false, new JobUpdateStrategy(Kind.QUEUE, List.of(1), false)));
  }

  @Test
  void secondsBecomeMillisecondsAndTheOldFieldsDeriveTheStrategy() throws Exception {
    JobUpdateSettings s = job("UpdateConfig(batch_size = 3, watch_secs = 7, max_per_shard_failures = 2,"
        + " max_total_failures = 1, rollback_on_failure = False, wait_for_batch_completion = True,"
        + " pulse_interval_secs = 90, sla_aware = True)").updateSettings(InstanceRanges.parse("0,2-3"));
    assertThat(s).isEqualTo(new JobUpdateSettings(3, 2, 1, 7_000, false, InstanceRanges.parse("0,2-3"), true,
        90_000L, true, new JobUpdateStrategy(Kind.BATCH, List.of(3), false)));
  }

  @Test
  void anExplicitStrategyDecidesTheGroupSize() throws Exception {
    assertThat(job("UpdateConfig(update_strategy = QueueUpdateStrategy(batch_size = 4))").updateSettings(ALL))
        .satisfies(s -> {
          assertThat(s.updateGroupSize()).isEqualTo(4);
          assertThat(s.waitForBatchCompletion()).isFalse();
          assertThat(s.updateStrategy()).isEqualTo(new JobUpdateStrategy(Kind.QUEUE, List.of(4), false));
        });
    assertThat(job("UpdateConfig(update_strategy = BatchUpdateStrategy(batch_size = 2, autopause_after_batch ="
        + " True))").updateSettings(ALL)).satisfies(s -> {
          assertThat(s.updateGroupSize()).isEqualTo(2);
          assertThat(s.waitForBatchCompletion()).isTrue();
          assertThat(s.updateStrategy()).isEqualTo(new JobUpdateStrategy(Kind.BATCH, List.of(2), true));
        });
    assertThat(job("UpdateConfig(update_strategy = VariableBatchUpdateStrategy(batch_sizes = [1, 3, 5]))")
        .updateSettings(ALL)).satisfies(s -> {
          assertThat(s.updateGroupSize()).isEqualTo(1);
          assertThat(s.waitForBatchCompletion()).isTrue();
          assertThat(s.updateStrategy()).isEqualTo(new JobUpdateStrategy(Kind.VARIABLE_BATCH, List.of(1, 3, 5),
              false));
        });
  }

  @Test
  void invalidSettingsAreRefusedNamingTheFieldAndTheFix() throws Exception {
    assertRefused("UpdateConfig(batch_size = 0)", "update_config.batch_size must be at least 1, not 0");
    assertRefused("UpdateConfig(watch_secs = -1)", "update_config.watch_secs must be 0 or more, not -1");
    assertRefused("UpdateConfig(max_per_shard_failures = -2, max_total_failures = -1)",
        "update_config.max_per_shard_failures must be 0 or more, not -2",
        "update_config.max_total_failures must be 0 or more, not -1");
    assertRefused("UpdateConfig(pulse_interval_secs = 30)",
        "update_config.pulse_interval_secs must be at least 60 seconds, not 30");
    assertRefused("UpdateConfig(update_strategy = QueueUpdateStrategy(batch_size = 0))",
        "update_config.update_strategy.batch_size must be at least 1, not 0");
    assertRefused("UpdateConfig(update_strategy = VariableBatchUpdateStrategy(batch_sizes = [2, 0]))",
        "update_config.update_strategy.batch_sizes must be at least 1, not 0");
    assertRefused("UpdateConfig(update_strategy = VariableBatchUpdateStrategy(batch_sizes = []))",
        "batch_sizes must list at least one size");
    assertRefused("UpdateConfig(wait_for_batch_completion = True, update_strategy = BatchUpdateStrategy())",
        "ambiguous: wait_for_batch_completion cannot be combined with update_strategy");
    assertRefused("UpdateConfig(batch_size = 3, update_strategy = QueueUpdateStrategy())",
        "ambiguous: batch_size cannot be combined with update_strategy",
        "update_strategy = QueueUpdateStrategy(batch_size = 3)");
  }

  private void assertRefused(String updateConfig, String... problems) throws Exception {
    ConfiguredJob job = job(updateConfig);
    assertThatThrownBy(() -> job.updateSettings(ALL)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("job " + KEY + ": ").hasMessageContainingAll(problems);
  }
}
