package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line as its own process: exit codes reach the shell, output goes where it should. */
class MainProcessTest {
  record Run(int code, String out, String err) {}

  static Run run(Class<?> main, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        main.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void auroraExitsWithAurorasCodes() throws Exception {
    Run list = run(AuroraMain.class, "config", "list", config("hello_world.aurora"));
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).isEqualTo("jobs=[devcluster/www-data/devel/hello_world]\n");

    Run bad = run(AuroraMain.class, "job", "inspect", "devcluster/r/devel/x", config("bad/cron_service.aurora"));
    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).contains("a job cannot be both a service and a cron job");

    Run admin = run(AuroraAdminMain.class, "query", "devcluster");
    assertThat(admin.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
  }
}
