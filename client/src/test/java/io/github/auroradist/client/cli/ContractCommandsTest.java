package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.ContractScheduler.json;
import static io.github.auroradist.client.cli.SchedulerCommandsTest.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the operators' commands send (method, path, JSON body) and how they show answers and refusals, against a
 * real HTTP server answering in the shapes of docs/api.md, including answers a real scheduler gives only rarely.
 * {@link OperatorCommandsEndToEndTest} runs the same commands against the real scheduler.
 */
class ContractCommandsTest {
  @TempDir Path dir;
  ContractScheduler scheduler;
  Duration pollBefore;

  @BeforeEach
  void start() throws Exception {
    scheduler = new ContractScheduler();
    scheduler.useAsCluster(dir);
    pollBefore = HostMaintenanceCommands.pollInterval;
    HostMaintenanceCommands.pollInterval = Duration.ofMillis(50);
  }

  @AfterEach
  void stop() {
    HostMaintenanceCommands.pollInterval = pollBefore;
    scheduler.close();
  }

  @Test
  void slaHostDrainSendsTheDefaultPolicyAndWaitsBetweenBatches() {
    Map<String, String> modes = new ConcurrentHashMap<>();
    scheduler.answer("POST /api/maintenance/sla_drain", r -> {
      StringBuilder sb = new StringBuilder();
      r.body().path("hosts").forEach(h -> {
        modes.put(h.asText(), "DRAINING");
        sb.append(sb.length() == 0 ? "" : ",").append('"').append(h.asText()).append("\":\"DRAINING\"");
      });
      return new ContractScheduler.Answer(200, "{\"hosts\":{" + sb + "}}");
    });
    // Each look at a draining host finds it drained the next time.
    scheduler.answer("GET /api/maintenance", r -> {
      StringBuilder sb = new StringBuilder();
      for (String h : r.query().substring("hosts=".length()).split(",", -1)) {
        String mode = modes.getOrDefault(h, "NONE");
        modes.computeIfPresent(h, (k, v) -> "DRAINED");
        sb.append(sb.length() == 0 ? "" : ",").append('"').append(h).append("\":\"").append(mode).append('"');
      }
      return new ContractScheduler.Answer(200, "{\"hosts\":{" + sb + "}}");
    });
    Result r = admin("sla_host_drain", "--hosts=east-r2-1,west-r1-1,west-r1-2", "--grouping=by_rack",
        "--default_percentage=80", "--default_duration=1h30m", "--force_drain_timeout=2d", "contract");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        Draining hosts under SLA: west-r1-1, west-r1-2
        west-r1-1 is in state: DRAINING
        west-r1-2 is in state: DRAINING
        Waiting for hosts to be in DRAINED: west-r1-1, west-r1-2
        west-r1-1 is in state: DRAINED
        west-r1-2 is in state: DRAINED
        Draining hosts under SLA: east-r2-1
        east-r2-1 is in state: DRAINING
        """);
    assertThat(scheduler.requests.get(0).body()).isEqualTo(json("""
        {"hosts": ["west-r1-1", "west-r1-2"],
         "defaultSlaPolicy": {"kind": "PERCENTAGE", "percentage": 80.0, "durationSecs": 5400},
         "timeoutSecs": 172800}"""));
    assertThat(scheduler.requests).filteredOn(q -> q.path().equals("/api/maintenance/sla_drain"))
        .extracting(q -> q.body().path("hosts").toString())
        .containsExactly("[\"west-r1-1\",\"west-r1-2\"]", "[\"east-r2-1\"]");
  }

  @Test
  void slaHostDrainDefaultsAndRefusals() {
    scheduler.answer("POST /api/maintenance/sla_drain", 200, "{\"hosts\":{\"h1\":\"DRAINING\"}}");
    Result r = admin("sla_host_drain", "--hosts=h1", "contract");
    assertThat(r.code()).as(r.err()).isZero();
    // Aurora's defaults: 95% up for 30 minutes, forced after 7 days.
    assertThat(scheduler.requests.get(0).body()).isEqualTo(json("""
        {"hosts": ["h1"], "defaultSlaPolicy": {"kind": "PERCENTAGE", "percentage": 95.0, "durationSecs": 1800},
         "timeoutSecs": 604800}"""));

    Result percentage = admin("sla_host_drain", "--hosts=h1", "--default_percentage=120", "contract");
    assertThat(percentage.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(percentage.err()).contains("--default_percentage 120.0 must be above 0 and at most 100");
    Result duration = admin("sla_host_drain", "--hosts=h1", "--default_duration=soon", "contract");
    assertThat(duration.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(duration.err()).contains("--default_duration 'soon' is not a duration: write whole numbers with the"
        + " units d, h, m or s, e.g. 30m, 1h, 7d or 1h30m");
    assertThat(admin("sla_host_drain", "--hosts=h1", "--force_drain_timeout=0s", "contract").err())
        .contains("--force_drain_timeout '0s' must be longer than 0s");
    assertThat(scheduler.requests).hasSize(1);

    scheduler.answer("POST /api/maintenance/sla_drain", 400, "{\"code\": \"INVALID_REQUEST\", \"message\":"
        + " \"unknown host nohost: no agent with that host name has registered\"}");
    Result unknown = admin("sla_host_drain", "--hosts=nohost", "contract");
    assertThat(unknown.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(unknown.err()).contains("unknown host nohost: no agent with that host name has registered");
  }

  @Test
  void reconcileTasks() {
    scheduler.answer("POST /api/admin/reconcile", r -> new ContractScheduler.Answer(200,
        "{\"type\": \"" + r.body().path("type").asText() + "\", \"tasks\": " + ("EXPLICIT".equals(r.body()
            .path("type").asText()) ? 42 : 0) + "}"));
    Result explicit = admin("reconcile_tasks", "-b", "10", "contract");
    assertThat(explicit.code()).as(explicit.err()).isZero();
    assertThat(explicit.out()).isEqualTo("Explicit reconciliation started for 42 task(s) in batches of 10\n");
    Result implicit = admin("reconcile_tasks", "--type=implicit", "contract");
    assertThat(implicit.out()).isEqualTo("Implicit reconciliation started\n");
    assertThat(scheduler.requests).extracting(ContractScheduler.Request::body).containsExactly(
        json("{\"type\": \"EXPLICIT\", \"batchSize\": 10}"), json("{\"type\": \"IMPLICIT\"}"));

    Result zero = admin("reconcile_tasks", "--batch_size=0", "contract");
    assertThat(zero.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(zero.err()).contains("Batch size must be positive");
    assertThat(admin("reconcile_tasks", "--type=sideways", "contract").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(scheduler.requests).hasSize(2);
  }

  @Test
  void pruneTasks() {
    scheduler.answer("POST /api/admin/tasks/prune", 200, "{\"pruned\": [\"t-1\", \"t-2\"]}");
    Result r = admin("prune_tasks", "--role=www-data", "--env=prod", "--job=hello", "--states=finished,KILLED",
        "--limit=5", "contract");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Tasks pruned.\nt-1\nt-2\n");
    assertThat(scheduler.requests.get(0).body()).isEqualTo(json("""
        {"role": "www-data", "environment": "prod", "name": "hello", "statuses": ["FINISHED", "KILLED"],
         "limit": 5}"""));
    assertThat(admin("prune_tasks", "contract").code()).isZero();
    assertThat(scheduler.requests.get(1).body()).isEqualTo(json("{}"));

    Result active = admin("prune_tasks", "--states=RUNNING", "contract");
    assertThat(active.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(active.err()).contains("'RUNNING' is not a terminal task state; only terminal tasks are pruned:"
        + " FINISHED, FAILED, KILLED, LOST");
  }

  @Test
  void recoveryCommands() {
    scheduler.answer("POST /api/admin/recovery/stage", r -> "nightly".equals(r.body().path("backup").asText())
        ? new ContractScheduler.Answer(200, "{\"backup\": \"nightly\", \"jobs\": 2, \"tasks\": 5}")
        : new ContractScheduler.Answer(404, "{\"code\": \"NOT_FOUND\", \"message\": \"no backup named "
            + r.body().path("backup").asText() + "\"}"));
    scheduler.answer("GET /api/admin/recovery/tasks", 200, """
        {"tasks": [{"assignedTask": {"taskId": "www-data-prod-web-0-abc", "instanceId": 0,
          "task": {"job": {"role": "www-data", "environment": "prod", "name": "web"}}}, "status": "RUNNING"}]}""");
    scheduler.answer("POST /api/admin/recovery/tasks/delete", 200, "{\"deleted\": [\"a\", \"b\"]}");
    scheduler.answer("POST /api/admin/recovery/commit", 200, "{\"backup\": \"nightly\", \"jobs\": 2, \"tasks\": 3}");
    scheduler.answer("POST /api/admin/recovery/unload", 409, "{\"code\": \"CONFLICT\", \"message\":"
        + " \"nothing is staged\"}");

    Result staged = admin("scheduler_stage_recovery", "contract", "nightly");
    assertThat(staged.code()).as(staged.err()).isZero();
    assertThat(staged.out()).isEqualTo("Staged recovery from backup nightly: 2 job(s), 5 task(s)\n");
    Result unknown = admin("scheduler_stage_recovery", "contract", "weekly");
    assertThat(unknown.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(unknown.err()).contains("no backup named weekly");

    Result printed = admin("scheduler_print_recovery_tasks", "contract");
    assertThat(printed.code()).as(printed.err()).isZero();
    assertThat(printed.out()).isEqualTo("Role\tJob\tShard\tStatus\tTask ID\nwww-data\tweb\t0\tRUNNING\t"
        + "www-data-prod-web-0-abc\n");
    assertThat(scheduler.requests.get(2).query()).isEqualTo("statuses=ASSIGNED,DRAINING,KILLING,PARTITIONED,PENDING,"
        + "PREEMPTING,RESTARTING,RUNNING,STARTING,THROTTLED");

    Result deleted = admin("scheduler_delete_recovery_tasks", "contract", "a,b,a");
    assertThat(deleted.out()).isEqualTo("Deleted 2 task(s) from the staged recovery\na\nb\n");
    assertThat(scheduler.requests.get(3).body()).isEqualTo(json("{\"taskIds\": [\"a\", \"b\"]}"));

    assertThat(admin("scheduler_commit_recovery", "contract").out())
        .isEqualTo("Recovery from backup nightly committed: 2 job(s), 3 task(s)\n");
    Result unload = admin("scheduler_unload_recovery", "contract");
    assertThat(unload.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(unload.err()).contains("CONFLICT: nothing is staged");
  }

  /** The file's sla_policy and partition_policy go to the scheduler in the task's configuration. */
  @Test
  void jobCreateSendsSlaAndPartitionPolicies() throws Exception {
    scheduler.answer("POST /api/jobs", 200, "{\"job\": {\"role\": \"www-data\", \"environment\": \"prod\","
        + " \"name\": \"policed\"}, \"taskIds\": []}");
    Path file = java.nio.file.Files.writeString(dir.resolve("policies.aurora"), """
        jobs = [Service(cluster = 'contract', role = 'www-data', environment = 'prod', name = 'policed',
                        task = SimpleTask('policed', 'sleep 600'), instances = 2,
                        sla_policy = CountSlaPolicy(count = 1, duration_secs = 60),
                        partition_policy = PartitionPolicy(reschedule = False, delay_secs = 30))]
        """);
    Result created = AuroraCliTest.aurora("job", "create", "contract/www-data/prod/policed", file.toString());
    assertThat(created.code()).as(created.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode task = scheduler.requests.get(0).body().path("taskConfig");
    assertThat(task.path("slaPolicy").path("kind").asText()).isEqualTo("COUNT");
    assertThat(task.path("slaPolicy").path("count").asInt()).isEqualTo(1);
    assertThat(task.path("slaPolicy").path("durationSecs").asLong()).isEqualTo(60);
    assertThat(task.path("partitionPolicy")).isEqualTo(json("{\"reschedule\": false, \"delaySecs\": 30}"));
  }

  @Test
  void quotaGetShowsTheGetQuotaResultFields() {
    scheduler.answer("GET /api/quotas/www-data", 200, """
        {"role": "www-data", "quota": {"numCpus": 10.0, "ramMb": 10240, "diskMb": 20480, "numGpus": 2},
         "prodSharedConsumption": {"numCpus": 1.5, "ramMb": 512, "diskMb": 1024, "numGpus": 1},
         "nonProdSharedConsumption": {"numCpus": 0.5, "ramMb": 128, "diskMb": 0, "numGpus": 0},
         "prodDedicatedConsumption": {"numCpus": 2.0, "ramMb": 2048, "diskMb": 2048, "numGpus": 0},
         "nonProdDedicatedConsumption": null,
         "prodConsumption": {"cpu": 3.5, "ramMb": 2560, "diskMb": 3072},
         "nonProdConsumption": {"cpu": 0.5, "ramMb": 128, "diskMb": 0}}""");
    Result r = AuroraCliTest.aurora("quota", "get", "contract/www-data");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        Allocated:
          CPU: 10.0
          RAM: 10.000000 GB
          Disk: 20.000000 GB
          GPU: 2
        Production shared pool resources consumed:
          CPU: 1.5
          RAM: 0.500000 GB
          Disk: 1.000000 GB
          GPU: 1
        Production dedicated pool resources consumed:
          CPU: 2.0
          RAM: 2.000000 GB
          Disk: 2.000000 GB
        Non-production shared pool resources consumed:
          CPU: 0.5
          RAM: 0.125000 GB
          Disk: 0.000000 GB
        """);
  }
}
