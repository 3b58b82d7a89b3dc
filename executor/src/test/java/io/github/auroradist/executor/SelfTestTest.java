package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SelfTestTest {
  @Test
  void selfTestRunsARealTask() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = SelfTest.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(rc).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("self-test passed").contains("13 records");
  }

  @Test
  void flagsHaveAuroraDefaultsAndSpellings() {
    ExecutorFlags main = ExecutorFlags.parse("--announcer_ensemble", "zk1:2181",
        "--nosetuid", "--nosetuid-health-checks", "--stop_timeout_in_secs", "30", "--runner-logger-mode", "rotate",
        "--some-aurora-flag");
    ExecutorSettings s = main.settings();
    assertThat(s.announcerEnsemble()).contains("zk1:2181");
    assertThat(s.announcerServersetPath()).isEqualTo("/aurora");
    assertThat(s.setuid()).isFalse();
    assertThat(s.setuidHealthChecks()).isFalse();
    assertThat(s.stopTimeout()).hasSeconds(30);
    assertThat(s.defaultLogger().mode()).isEqualTo("rotate");
    assertThat(s.defaultLogger().rotate().logSize()).isEqualTo(100L * 1024 * 1024);
    assertThat(main.unmatched()).containsExactly("--some-aurora-flag");

    ExecutorFlags defaults = ExecutorFlags.parse();
    assertThat(defaults.settings().stopTimeout()).hasSeconds(120);
    assertThat(defaults.settings().setuid()).isTrue();
    assertThat(defaults.settings().setuidHealthChecks()).isTrue();
    assertThat(defaults.settings().announcerEnsemble()).isEmpty();
  }
}
