package io.github.auroradist.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.process.BoundedStop;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon whose stop is wedged still ends after SIGTERM, once its stop bound has passed. */
class BoundedStopTest {
  @TempDir
  Path dir;

  @Test
  void aWedgedStopHaltsTheProcessAtTheBound() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("stderr");
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        WedgedStopMain.class.getName(), "3")).redirectError(stderr.toFile()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process ended within the bound").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).isEqualTo(BoundedStop.HALTED);
    assertThat(Files.readString(stderr, StandardCharsets.UTF_8)).contains("wedged: stopping took longer than 3 s");
  }
}
