package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The aurora command line in-process: output and Aurora's exit codes. */
class AuroraCliTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  static Result aurora(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AuroraMain.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /** The job's {@code active} or {@code inactive} tasks, as {@code job status --write-json} prints them. */
  static List<JsonNode> tasks(String key, String which) throws IOException {
    JsonNode job = new ObjectMapper().readTree(aurora("job", "status", key, "--write-json").out()).get(0);
    List<JsonNode> out = new ArrayList<>();
    job.path(which).forEach(out::add);
    return out;
  }

  static String config(String name) {
    try {
      return Path.of(AuroraCliTest.class.getResource("/configs/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void version() throws Exception {
    Result r = aurora("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).matches("aurora \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{40}, "
        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)");
    // A commit of this checkout (HEAD in a full build; older when only this module was rebuilt since).
    String commit = r.out().replaceAll("(?s).*\\(commit ([0-9a-f]{40}),.*", "$1");
    Process git = new ProcessBuilder("git", "merge-base", "--is-ancestor", commit, "HEAD").start();
    assertThat(git.waitFor()).as("%s is a commit of this checkout", commit).isZero();
  }

  @Test
  void everyCommandAnswersHelp() {
    for (String[] command : new String[][] {{"job", "restart"}, {"job", "kill"}, {"config", "list"},
        {"quota", "get"}, {"task", "run"}, {"job"}}) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 1);
      args[command.length] = "--help";
      Result r = aurora(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).startsWith("Usage: aurora " + String.join(" ", command));
    }
  }

  /** A task's side of task scp stays in its sandbox: refused before any scheduler is asked. */
  @Test
  void taskScpRefusesPathsOutsideTheSandbox() {
    for (String path : new String[] {"/etc/passwd", "../../secrets", "a/../../b", "~/x"}) {
      Result r = aurora("task", "scp", "nowhere/www-data/prod/web/0:" + path, dir.toString());
      assertThat(r.code()).as(path).isEqualTo(ExitCodes.INVALID_PARAMETER);
      assertThat(r.err()).as(path).contains("Permission denied: '" + path + "' is outside the task's sandbox");
    }
    Result local = aurora("task", "scp", "a", "b");
    assertThat(local.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(local.err()).contains("no task named");
  }

  @Test
  void configListPrintsTheJobKeys() {
    Result r = aurora("config", "list", config("profiles.aurora"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("jobs=[devcluster/analytics/prod/events,"
        + " devcluster/analytics/devel/events, devcluster/analytics/test/events_test]\n");
  }

  @Test
  void featuresNothingActsOnAreNamedOncePerRunNotDropped() {
    Result hooks = aurora("job", "inspect", "devcluster/docker/devel/appc", config("containers.aurora"));
    assertThat(hooks.code()).as(hooks.err()).isZero();
    assertThat(hooks.err()).containsOnlyOnce("Warning: enable_hooks = True: this client runs no client hooks");
    // A second run warns again; a job without such fields gets no warning: containers are carried to the cluster.
    assertThat(aurora("job", "inspect", "devcluster/docker/devel/appc", config("containers.aurora")).err())
        .containsOnlyOnce("Warning: enable_hooks = True");
    Result docker = aurora("job", "inspect", "devcluster/docker/devel/engine", config("containers.aurora"));
    assertThat(docker.out()).contains("container: DOCKER example/app:1.2, parameters [env=MODE=prod, label=team=web]");
    assertThat(docker.err()).doesNotContain("Warning");
    Result unified = aurora("job", "inspect", "devcluster/docker/devel/unified", config("containers.aurora"));
    assertThat(unified.out()).contains("container: MESOS docker image example/app:1.2, volumes [/srv/data:/data:RO]");
    assertThat(unified.err()).doesNotContain("Warning");
    assertThat(aurora("job", "inspect", "devcluster/www-data/prod/web", config("web_service.aurora")).err())
        .doesNotContain("Warning");
  }

  @Test
  void jobInspectDescribesTheJob() {
    Result r = aurora("job", "inspect", "devcluster/www-data/prod/web", config("web_service.aurora"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Job level information", "  name: web", "  instances: 3",
        "  ports: health, http", "Task level information", "  name: web_task",
        "  resources: cpu 0.5, ram 256 MB, disk 1024 MB", "Process 'web':", "Process 'log_shipper':",
        "    ship-logs --host {{mesos.hostname}} --task {{thermos.task_id}}", "flags: ephemeral");
  }

  @Test
  void jobInspectWritesJsonThatReadJsonReadsBack() throws Exception {
    Result r = aurora("job", "inspect", "--bind", "greeting=bonjour",
        "devcluster/analytics/devel/events", config("profiles.aurora"), "--write-json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode job = new ObjectMapper().readTree(r.out());
    assertThat(job.path("task").path("processes").get(1).path("cmdline").asText())
        .endsWith("--greeting \"bonjour\"");

    Path json = Files.writeString(dir.resolve("job.json"), r.out());
    Result back = aurora("job", "inspect", "--read-json", "devcluster/analytics/devel/events",
        json.toString(), "--write-json");
    assertThat(back.code()).as(back.err()).isZero();
    assertThat(new ObjectMapper().readTree(back.out())).isEqualTo(job);
    Result wrongKey = aurora("job", "inspect", "--read-json", "devcluster/analytics/prod/events",
        json.toString());
    assertThat(wrongKey.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(wrongKey.err()).contains("holds job devcluster/analytics/devel/events");
  }

  @Test
  void whatAConfigurationPrintsStaysOutOfTheOutput() throws Exception {
    Path file = Files.writeString(dir.resolve("chatty.aurora"), """
        print 'building jobs'
        jobs = [Job(cluster='c', role='r', environment='devel', task=SimpleTask('x', 'true'))]
        """);
    Result r = aurora("job", "inspect", "c/r/devel/x", file.toString(), "--write-json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(new ObjectMapper().readTree(r.out()).path("name").asText()).isEqualTo("x");
  }

  @Test
  void invalidConfigurationExitsWith3() {
    Result r = aurora("job", "inspect", "devcluster/r/devel/x", config("bad/cron_service.aurora"));
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("cron_service.aurora:1: a job cannot be both a service and a cron job");

    Result missing = aurora("config", "list", dir.resolve("nope.aurora").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(missing.err()).contains("nope.aurora does not exist");

    Result noSuchJob = aurora("job", "inspect", "devcluster/r/devel/y", config("bad/cron_service.aurora"));
    assertThat(noSuchJob.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(noSuchJob.err()).contains("has no job devcluster/r/devel/y; it defines devcluster/r/devel/x");
  }

  @Test
  void badParametersExitWith6AndBadCommandsWith5() {
    Result badKey = aurora("job", "inspect", "devcluster/r/x", config("hello_world.aurora"));
    assertThat(badKey.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badKey.err()).contains("is not a job key: write CLUSTER/ROLE/ENV/NAME");

    Result badBind = aurora("config", "list", "--bind", "novalue", config("hello_world.aurora"));
    assertThat(badBind.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badBind.err()).contains("--bind 'novalue' must be NAME=VALUE");

    Result unknown = aurora("jbo", "list");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_COMMAND);
    assertThat(unknown.err()).contains("Unmatched argument", "job");

    Result none = aurora();
    assertThat(none.code()).isEqualTo(ExitCodes.INVALID_COMMAND);
    assertThat(none.err()).contains("a command is required");

    Result missingArg = aurora("job", "inspect", "devcluster/r/devel/x");
    assertThat(missingArg.code()).isEqualTo(ExitCodes.INVALID_COMMAND);
  }

  @Test
  void aJobBeyondTheApiLimitsIsRefusedBeforeAnythingIsSent() throws Exception {
    // The cluster is unknown: the limits are checked before the client looks for a scheduler.
    Path file = Files.writeString(dir.resolve("huge.aurora"), """
        jobs = [Job(cluster='nowhere', role='r', environment='devel', name='huge',
                    task=Task(name='huge', processes=[Process(name='p' * 200, cmdline='true')],
                              resources=Resources(cpu=20000, ram=64*MB, disk=64*MB)))]
        """);
    for (String command : List.of("create", "diff")) {
      Result r = aurora("job", command, "nowhere/r/devel/huge", file.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
      assertThat(r.err()).contains("huge.aurora:1: job nowhere/r/devel/huge is beyond the scheduler's limits",
          "taskConfig.resources.cpu: 20000.0 is outside 0.001 to 10000", "processes: 'pppppppppppppppppppp...' is"
          + " 200 characters long, at most 128");
    }
    Result cron = aurora("update", "start", "nowhere/r/devel/huge", file.toString());
    assertThat(cron.code()).as(cron.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
  }

  @Test
  void verboseIsAcceptedEverywhere() {
    assertThat(aurora("-v", "config", "list", config("hello_world.aurora")).code()).isZero();
    Result r = aurora("config", "list", "-v", config("bad/cron_service.aurora"));
    assertThat(r.code()).isZero();
    Result failing = aurora("job", "inspect", "-v", "devcluster/r/devel/x", config("bad/cron_service.aurora"));
    assertThat(failing.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(failing.err()).contains("ConfigException");  // the stack trace is shown with -v
  }
}
