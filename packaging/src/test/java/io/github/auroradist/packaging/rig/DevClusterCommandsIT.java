package io.github.auroradist.packaging.rig;

import io.github.auroradist.packaging.Processes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user command through the real, packaged {@code aurora} and {@code aurora-admin} launchers
 * against a dev cluster started with {@code bin/devcluster}, as a user would type them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevClusterCommandsIT {
  static final Path REPO = DebInstallIT.REPO;
  static final String KEY = "devcluster/www-data/devel/hello";
  static final String CONFIG = REPO.resolve("examples/hello_world.aurora").toString();

  @TempDir
  static Path state;

  static Path bin;

  record Result(int code, String out) {}

  @BeforeAll
  static void startDevCluster() throws Exception {
    try (Stream<Path> trees = Files.list(REPO.resolve("packaging/target/dist"))) {
      bin = trees.filter(p -> p.getFileName().toString().startsWith("aurora-cli-")).findFirst().orElseThrow()
          .resolve("bin");
    }
    Result up = run(List.of(REPO.resolve("bin/devcluster").toString(), "start"), 300);
    assertThat(up.code()).as(up.out()).isZero();
    assertThat(up.out()).contains("The dev cluster is up");
  }

  @AfterAll
  static void stopDevCluster() throws Exception {
    Result down = run(List.of(REPO.resolve("bin/devcluster").toString(), "stop"), 120);
    assertThat(down.out()).contains("stopped scheduler");
  }

  static Result run(List<String> argv, int timeoutSeconds) throws Exception {
    Processes.Result r = Processes.run(argv, Duration.ofSeconds(timeoutSeconds),
        Map.of("DEVCLUSTER_DIR", state.toString(), "AURORA_CONFIG_ROOT", state.toString()));
    return new Result(r.exitCode(), r.output());
  }

  static Result aurora(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(bin.resolve("aurora").toString()));
    argv.addAll(List.of(args));
    return run(argv, 240);
  }

  static Result admin(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(bin.resolve("aurora-admin").toString()));
    argv.addAll(List.of(args));
    return run(argv, 240);
  }

  static String ok(Result r) {
    assertThat(r.code()).as(r.out()).isZero();
    return r.out();
  }

  static long running() throws Exception {
    return ok(aurora("job", "status", KEY)).lines().filter(l -> l.contains("status: RUNNING")).count();
  }

  static void awaitRunning(long count) {
    Awaitility.await(count + " instances RUNNING").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(DevClusterCommandsIT::running, n -> n == count);
  }

  @Test
  @Order(1)
  void createWaitsUntilRunning() throws Exception {
    assertThat(ok(aurora("job", "create", "--wait-until", "RUNNING", KEY, CONFIG))).contains("Job create succeeded");
    assertThat(running()).isEqualTo(1);
    assertThat(ok(aurora("job", "status", "--write-json", KEY))).contains("\"active\"").contains("RUNNING");
  }

  @Test
  @Order(2)
  void listInspectAndDiff() throws Exception {
    assertThat(ok(aurora("job", "list", "devcluster/www-data"))).contains(KEY);
    assertThat(ok(aurora("job", "inspect", KEY, CONFIG))).contains("hello");
    Result diff = aurora("job", "diff", KEY, CONFIG);
    assertThat(diff.code()).as(diff.out()).isZero();
  }

  @Test
  @Order(3)
  void addRestartAndKillInstances() throws Exception {
    ok(aurora("job", "add", KEY + "/0", "1"));
    awaitRunning(2);
    ok(aurora("job", "restart", "--batch-size", "2", "--watch-secs", "1", KEY));
    awaitRunning(2);
    ok(aurora("job", "kill", KEY + "/1"));
    awaitRunning(1);
  }

  @Test
  @Order(4)
  void quotaAndQuery() throws Exception {
    ok(admin("set_quota", "devcluster", "www-data", "4", "4GB", "4GB"));
    assertThat(ok(aurora("quota", "get", "devcluster/www-data"))).contains("4");
    assertThat(ok(admin("query", "-l", "%role%/%name%/%instanceId% %status%", "devcluster", "www-data")))
        .contains("www-data/hello/0 RUNNING");
  }

  @Test
  @Order(5)
  void killallEndsTheJob() throws Exception {
    ok(aurora("job", "killall", KEY));
    assertThat(running()).isZero();
  }
}
