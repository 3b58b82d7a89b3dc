package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job commands against a real scheduler found through a real ZooKeeper serverset, both on
 * loopback. No Mesos master is running, so tasks stay PENDING: enough for create, status, list,
 * add, kill, killall, restart and quota; reaching RUNNING is the dev cluster's test.
 */
class SchedulerCommandsTest extends AgainstLoopbackCluster {
  @Test
  void jobLifecycle() throws Exception {
    String key = "devcluster/www-data/devel/hello_world";
    Result created = aurora("job", "create", key, config("hello_world.aurora"));
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).isEqualTo("Job create succeeded: job url=http://127.0.0.1:"
        + cluster.httpPort() + "/scheduler/www-data/devel/hello_world\n");

    Result again = aurora("job", "create", key, config("hello_world.aurora"));
    assertThat(again.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(again.err()).contains("JOB_EXISTS");

    Result same = aurora("job", "diff", key, config("hello_world.aurora"));
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.out()).startsWith("No differences");
    Path changed = Files.writeString(dir.resolve("hello_changed.aurora"),
        Files.readString(Path.of(config("hello_world.aurora"))).replace("echo hello world", "echo bonjour")
            .replace("task = task)", "task = task, instances = 2)"));
    Result diff = aurora("job", "diff", key, changed.toString());
    assertThat(diff.code()).as(diff.err()).isZero();
    assertThat(diff.out()).contains("--- scheduler: " + key, "+++ local: " + changed,
        "-   \"instanceCount\" : 1,", "+   \"instanceCount\" : 2,", "echo hello world", "echo bonjour");
    assertThat(diff.out().lines().filter(l -> l.startsWith("-") && l.contains("echo"))).hasSize(1);
    assertThat(aurora("job", "diff", "devcluster/www-data/devel/nothing_here",
        config("hello_world.aurora")).code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(aurora("job", "open", key).out().trim()).isEqualTo("http://127.0.0.1:"
        + cluster.httpPort() + "/scheduler/www-data/devel/hello_world");

    Result status = aurora("job", "status", key);
    assertThat(status.code()).as(status.err()).isZero();
    assertThat(status.out()).contains("Active tasks (1):", "instance: 0, status: PENDING",
        "cpus: 1.0, ram: 128 MB, disk: 128 MB", "Inactive tasks (0):");

    Result json = aurora("job", "status", key, "--write-json");
    JsonNode parsed = new ObjectMapper().readTree(json.out());
    assertThat(parsed.get(0).path("job").asText()).isEqualTo(key);
    assertThat(parsed.get(0).path("active").get(0).path("status").asText()).isEqualTo("PENDING");
    // The executor's data is the client's job JSON, unchanged.
    assertThat(parsed.get(0).path("active").get(0).path("assignedTask").path("task")
        .path("executorConfig").path("data").asText()).contains("\"cmdline\":\"\\n    while true; do");

    assertThat(aurora("job", "list", "devcluster/www-data/*/hello*").out()).isEqualTo(key + "\n");
    assertThat(aurora("job", "list", "devcluster/nobody").out()).isEmpty();

    Result added = aurora("job", "add", key + "/0", "2");
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out()).contains("2 instance(s) added");
    assertThat(aurora("job", "status", key).out()).contains("Active tasks (3):", "instance: 2, status: PENDING");

    // A restart replaces running tasks only: instance 0's PENDING task is left as it was.
    List<String> pendingBefore = taskIdsAndStates(key);
    Result restart = aurora("job", "restart", key + "/0");
    assertThat(restart.code()).as(restart.err()).isZero();
    assertThat(restart.out()).isEqualTo("Batch 1 of 1 (instances 0): none was running, nothing to restart\n"
        + "Job restart succeeded: 0 instance(s) of " + key + "/0 restarted\n");
    assertThat(taskIdsAndStates(key)).isEqualTo(pendingBefore).hasSize(3)
        .allSatisfy(t -> assertThat(t).endsWith(" PENDING"));

    Result killOne = aurora("job", "kill", key + "/1", "--message", "too many");
    assertThat(killOne.code()).as(killOne.err()).isZero();
    assertThat(killOne.out()).contains("Job kill succeeded: 1 task(s)");
    assertThat(aurora("job", "status", key).out()).contains("Active tasks (2):");

    assertThat(aurora("job", "kill", key).code()).isEqualTo(ExitCodes.INVALID_PARAMETER);

    Result killAll = aurora("job", "killall", key, "--batch-size", "1");
    assertThat(killAll.code()).as(killAll.err()).isZero();
    assertThat(killAll.out()).contains("Job kill succeeded: 2 task(s)");
    assertThat(aurora("job", "status", key).out()).doesNotContain("status: PENDING");
  }

  /** "taskId STATUS" of every task of the job, active or not, as the scheduler's API lists them. */
  static List<String> taskIdsAndStates(String key) throws Exception {
    List<String> out = new java.util.ArrayList<>();
    for (String which : List.of("active", "inactive")) {
      AuroraCliTest.tasks(key, which).forEach(t -> out.add(t.path("assignedTask").path("taskId").asText() + " "
          + t.path("status").asText()));
    }
    return out;
  }

  @Test
  void createFromJsonWrittenByInspect() throws Exception {
    String key = "devcluster/analytics/devel/events";
    Result json = aurora("job", "inspect", key, config("profiles.aurora"), "--write-json");
    Path file = Files.writeString(dir.resolve("events.json"), json.out());
    Result created = aurora("job", "create", "--read-json", key, file.toString());
    assertThat(created.code()).as(created.err()).isZero();
    Result status = aurora("job", "status", key, "--write-json");
    JsonNode task = new ObjectMapper().readTree(status.out()).get(0).path("active").get(0);
    assertThat(task.path("assignedTask").path("task").path("executorConfig").path("data").asText())
        .isEqualTo(((ObjectNode) new ObjectMapper().readTree(json.out())).without(List.of("instances", "update_config"))
            .toString());
    assertThat(aurora("job", "diff", key, config("profiles.aurora")).out()).startsWith("No differences");
    assertThat(aurora("job", "killall", key).code()).isZero();
  }

  @Test
  void createRefusesCronAndWaitsWithATimeout() {
    Result cron = aurora("job", "create", "devcluster/analytics/staging2/nightly_report",
        config("cron_job.aurora"));
    assertThat(cron.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(cron.err()).contains("aurora cron schedule");

    // Without Mesos nothing runs, so a wait for RUNNING times out with Aurora's timeout code.
    Result wait = aurora("job", "create", "--wait-until", "RUNNING", "--wait-timeout", "2",
        "devcluster/batch/test/quick", config("workflow.aurora"));
    assertThat(wait.code()).as(wait.err()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(wait.err()).contains("waiting for devcluster/batch/test/quick to be RUNNING");
    assertThat(aurora("job", "killall", "devcluster/batch/test/quick").code()).isZero();
  }

  static Result admin(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AuroraAdminMain.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void adminCommands() throws Exception {
    Result set = admin("set_quota", "devcluster", "ops", "4", "8GB", "100GB");
    assertThat(set.code()).as(set.err()).isZero();
    assertThat(set.out()).contains("cpu 4.0, ram 8192 MB, disk 102400 MB");
    Result more = admin("increase_quota", "devcluster", "ops", "1.5", "512MB", "1GB");
    assertThat(more.code()).as(more.err()).isZero();
    Result quota = aurora("quota", "get", "devcluster/ops", "--write-json");
    JsonNode q = new ObjectMapper().readTree(quota.out());
    assertThat(q.path("quota").path("cpu").asDouble()).isEqualTo(5.5);
    assertThat(q.path("quota").path("ramMb").asLong()).isEqualTo(8704);
    assertThat(q.path("quota").path("diskMb").asLong()).isEqualTo(103424);
    Result lots = admin("set_quota", "devcluster", "ops", "1", "lots", "1GB");
    assertThat(lots.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(lots.err()).contains("RAM 'lots' is not a size: write a whole number and a unit B, K, M, G or T"
        + " (case-insensitive, optionally followed by B), e.g. 10m, 512M, 2g, 1T or 8GB");
    // Aurora's parse_data forms: one unit letter, either case.
    Result letters = admin("set_quota", "devcluster", "letters", "2", "10m", "1T");
    assertThat(letters.code()).as(letters.err()).isZero();
    assertThat(letters.out()).isEqualTo("Quota of letters set to cpu 2.0, ram 10 MB, disk 1048576 MB\n");
    Result raised = admin("increase_quota", "devcluster", "letters", "0", "2g", "512M");
    assertThat(raised.code()).as(raised.err()).isZero();
    assertThat(raised.out()).endsWith("to cpu 2.0, ram 2058 MB, disk 1049088 MB\n");
    assertThat(aurora("quota", "get", "devcluster/letters").out()).isEqualTo("""
        Allocated:
          CPU: 2.0
          RAM: 2.009766 GB
          Disk: 1024.500000 GB
        Production shared pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        Production dedicated pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        Non-production shared pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        Non-production dedicated pool resources consumed:
          CPU: 0.0
          RAM: 0.000000 GB
          Disk: 0.000000 GB
        """);

    String key = "devcluster/www-data/devel/included";
    assertThat(aurora("job", "create", key, config("nested/uses_include.aurora")).code()).isZero();
    Result query = admin("query", "-l", "%role%:%environment%:%name%:%instanceId%:%status%:%taskId%",
        "devcluster", "www-data", "included");
    assertThat(query.code()).as(query.err()).isZero();
    assertThat(query.out()).startsWith("www-data:devel:included:0:PENDING:www-data-devel-included-0-");
    assertThat(admin("query", "--states", "RUNNING", "devcluster", "www-data", "included").out()).isEmpty();
    assertThat(admin("query", "--states", "PENDING", "--shards", "0", "devcluster", "www-data").out())
        .contains("www-data/included/0 PENDING");
    assertThat(admin("query", "--states", "SLEEPING", "devcluster", "www-data").code())
        .isEqualTo(ExitCodes.INVALID_PARAMETER);
    Result all = admin("query", "devcluster");
    assertThat(all.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(all.err()).contains("--force");
    assertThat(admin("query", "--force", "devcluster").out()).contains("www-data/included/0 PENDING");
    assertThat(aurora("job", "killall", key).code()).isZero();

    assertThat(admin("get_scheduler", "devcluster").out().trim())
        .isEqualTo("http://127.0.0.1:" + cluster.httpPort());
    JsonNode cfg = new ObjectMapper().readTree(admin("get_cluster_config", "direct").out());
    assertThat(cfg.path("scheduler_uri").asText()).isEqualTo("http://127.0.0.1:" + cluster.httpPort());
    assertThat(cfg.path("zk_port").asInt()).isEqualTo(2181);
    assertThat(cfg.path("slave_run_directory").asText()).isEqualTo("latest");
    Result snapshot = admin("scheduler_snapshot", "devcluster");
    assertThat(snapshot.code()).as(snapshot.err()).isZero();
    assertThat(snapshot.out()).startsWith("Snapshot taken at log index ");
    Result backup = admin("scheduler_backup_now", "devcluster");
    assertThat(backup.code()).as(backup.err()).isZero();
    assertThat(backup.out()).startsWith("Backup written to " + dir.resolve("backups"));
    String file = Path.of(backup.out().trim().substring("Backup written to ".length())).getFileName().toString();
    assertThat(admin("scheduler_list_backups", "devcluster").out().lines()).contains(file);
    assertThat(admin("--version").out()).startsWith("aurora ");
    assertThat(admin("nonsense").code()).isEqualTo(ExitCodes.INVALID_COMMAND);
  }

  /**
   * Keys the scheduler refuses for a new job are refused on cluster 'down' (no scheduler: asking it would be exit 7).
   */
  @Test
  void keysTheSchedulerWouldRefuseAreRefusedBeforeSending() throws Exception {
    String longName = "n".repeat(195);
    Path file = Files.writeString(dir.resolve("bad_keys.aurora"), """
        task = SimpleTask('hello', 'true')
        jobs = [Job(cluster = 'down', role = '.', environment = 'devel', name = '..', task = task),
                Job(cluster = 'down', role = 'www-data', environment = 'devel', name = '%s', task = task),
                Job(cluster = 'down', role = '..', environment = 'devel', name = 'nightly', task = task,
                    cron_schedule = '0 3 * * *')]
        """.formatted(longName));
    Result dots = aurora("job", "create", "down/./devel/..", file.toString());
    assertThat(dots.code()).as(dots.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(dots.err()).contains("error: invalid configuration: job key role '.' is not allowed: '.' and '..'"
        + " cannot be part of a URL or a sandbox path", "; job key name '..' is not allowed");

    Result tooLong = aurora("job", "create", "down/www-data/devel/" + longName, file.toString());
    assertThat(tooLong.code()).as(tooLong.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(tooLong.err()).contains("job key www-data/devel/" + longName + " is too long: role, environment and"
        + " name have 208 characters together, at most 200 fit in a Mesos sandbox path; use shorter names");

    Result cron = aurora("cron", "schedule", "down/../devel/nightly", file.toString());
    assertThat(cron.code()).as(cron.err()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(cron.err()).contains("job key role '..' is not allowed");
  }

  /** Cluster 'down' has no scheduler: a command that got as far as sending would fail with exit 7. */
  @Test
  void anInstanceListBeyondTheBoundsIsRefusedBeforeSending() {
    for (String command : new String[] {"status", "kill", "restart"}) {
      Result r = aurora("job", command, "down/www-data/devel/hello/0-2147483647");
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCodes.INVALID_PARAMETER);
      assertThat(r.err()).as(command).contains("instance 2147483647 in '0-2147483647' is above the highest"
          + " instance id, 99999; no job has that many instances");
    }
    // The widest selection allowed goes to the scheduler as ranges, not as 100,000 numbers.
    Result widest = aurora("job", "status", "devcluster/www-data/devel/nothing/0-99999");
    assertThat(widest.code()).as(widest.err()).isZero();
    assertThat(widest.out()).isEqualTo("No tasks found for job devcluster/www-data/devel/nothing/0-99999\n");
    Result shards = admin("query", "--shards", "0-2147483647", "down", "www-data");
    assertThat(shards.code()).as(shards.err()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(shards.err()).contains("above the highest instance id");
  }

  @Test
  void schedulerUriQuotaAndClusterErrors() {
    Result quota = aurora("quota", "get", "direct/www-data");
    assertThat(quota.code()).as(quota.err()).isZero();
    assertThat(quota.out()).contains("Allocated:", "Production shared pool resources consumed:");

    Result unknown = aurora("job", "status", "nowhere/r/devel/x");
    assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(unknown.err()).contains("unknown cluster 'nowhere'", "known clusters: devcluster, direct, down, empty");

    Result down = aurora("job", "status", "down/r/devel/x");
    assertThat(down.code()).isEqualTo(ExitCodes.NETWORK_ERROR);
    assertThat(down.err()).contains("cannot connect to the scheduler at http://127.0.0.1:");

    Result empty = aurora("job", "status", "empty/r/devel/x");
    assertThat(empty.code()).isEqualTo(ExitCodes.NETWORK_ERROR);
    assertThat(empty.err()).contains("no scheduler is registered in ZooKeeper", "/nobody");
  }
}
