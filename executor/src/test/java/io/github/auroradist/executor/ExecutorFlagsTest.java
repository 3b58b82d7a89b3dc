package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutorFlagsTest {
  @Test
  void readsValuesInlineOrNextAndInEitherSpelling() {
    ExecutorFlags flags = ExecutorFlags.parse("--announcer-serverset-path=/srv", "--announcer_hostname", "h1",
        "--runner_rotate_log_size_mb=7", "--runner-rotate-log-backups", "3", "--preserve_env", "--self-test");
    assertThat(flags.announcerServersetPath).isEqualTo("/srv");
    assertThat(flags.announcerHostname).isEqualTo("h1");
    assertThat(flags.settings().defaultLogger().rotate().logSize()).isEqualTo(7L * 1024 * 1024);
    assertThat(flags.settings().defaultLogger().rotate().backups()).isEqualTo(3);
    assertThat(flags.settings().preserveEnv()).isTrue();
    assertThat(flags.selfTest).isTrue();
    assertThat(flags.unmatched()).isEmpty();
  }

  @Test
  void keepsWhatItDoesNotKnowAndAnswersHelpAndVersion() {
    ExecutorFlags flags = ExecutorFlags.parse("--unknown", "value", "--other=1", "-h", "--version");
    assertThat(flags.unmatched()).containsExactly("--unknown", "value", "--other=1");
    assertThat(flags.help).isTrue();
    assertThat(flags.version).isTrue();
    assertThat(ExecutorFlags.USAGE).contains("--stop-timeout-in-secs=SECONDS", "(default: 120)");
  }

  @Test
  void refusesAMissingValueANonNumberAndAValueOnASwitch() {
    assertThatThrownBy(() -> ExecutorFlags.parse("--announcer-ensemble"))
        .hasMessageContaining("Missing required parameter for option '--announcer-ensemble'");
    assertThatThrownBy(() -> ExecutorFlags.parse("--stop_timeout_in_secs=soon"))
        .hasMessageContaining("Invalid value for option '--stop_timeout_in_secs': 'soon'");
    assertThatThrownBy(() -> ExecutorFlags.parse("--nosetuid=yes")).hasMessageContaining("takes no value");
  }
}
