package io.github.auroradist.scheduler.http;

import static io.github.auroradist.scheduler.testing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.BuildInfo;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchedulerHttpTest {
  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler();
  static final Http http = running.http();

  @Test
  void varsAndMetricsNameTheVersionAndCommitTheClientReportsToo() {
    BuildInfo build = BuildInfo.current();
    assertThat(build.commit()).as("the build filled in the commit").matches("[0-9a-f]{40}");
    assertThat(http.get("/vars").body()).contains("build_version " + build.version() + "\n",
        "build_git_revision " + build.commit() + "\n", "build_git_commit_time " + build.commitTime() + "\n");
    assertThat(http.get("/vars.json").json().get("build_git_revision").asText()).isEqualTo(build.commit());
    assertThat(http.get("/metrics").body()).contains("aurora_build{revision=\"" + build.commit()
        + "\",version=\"" + build.version() + "\"} 1.0");
  }

  @Test
  void healthVarsAndMetrics() {
    assertThat(http.get("/health").body()).isEqualTo("OK\n");
    assertThat(http.get("/leaderhealth").status()).isEqualTo(200);
    Http.Reply vars = http.get("/vars");
    assertThat(vars.body()).containsPattern("(?m)^jvm_uptime_secs \\d+$").contains("task_store_PENDING ");
    assertThat(http.get("/vars.json").json().has("scheduler_log_leader")).isTrue();
    assertThat(http.get("/tiers").json().get("defaultTier").asText()).isEqualTo("preemptible");
    assertThat(http.post("/api/admin/snapshot", "").json().get("logIndex").asLong()).isPositive();
    Http.Reply noBackups = http.post("/api/admin/backup", "");
    assertThat(noBackups.status()).isEqualTo(400);
    assertThat(noBackups.json().get("message").asText()).contains("-backup_dir");
    assertThat(http.get("/api/admin/backups").json().get("backups")).isEmpty();
    assertThat(http.get("/agents").json().get("agents").isArray()).isTrue();
    assertThat(http.get("/state").json().get("tasks").isArray()).isTrue();
    Http.Reply metrics = http.get("/metrics");
    assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(metrics.body()).contains("# TYPE aurora_http_requests_total counter",
            "# HELP aurora_task_store_RUNNING ", "# TYPE aurora_task_store_RUNNING gauge")
        .containsPattern("(?m)^aurora_task_store_RUNNING \\d+(\\.\\d+)?$")
        // Request latency by route and status, and the JVM's own metrics.
        .containsPattern("(?m)^aurora_http_request_seconds_bucket\\{.*route=\"/health\".*status=\"200\".*\\} \\d+")
        .contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ");
  }

  @Test
  void createListAndQueryAJob() {
    Http.Reply created = http.post("/api/jobs", job("www-data", "prod", "hello", 3, ""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode ids = created.json().get("taskIds");
    assertThat(ids).hasSize(3);
    assertThat(ids.get(0).asText()).startsWith("www-data-prod-hello-0-");

    Http.Reply dup = http.post("/api/jobs", job("www-data", "prod", "hello", 1, ""));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("code").asText()).isEqualTo("JOB_EXISTS");

    JsonNode jobs = http.get("/api/jobs?role=www-data").json().get("jobs");
    assertThat(jobs).anySatisfy(j -> assertThat(j.get("key").get("name").asText()).isEqualTo("hello"));
    JsonNode job = http.get("/api/jobs/www-data/prod/hello").json();
    assertThat(job.get("taskConfig").get("tier").asText()).isEqualTo("preemptible");
    assertThat(job.get("owner").get("user").asText()).isEqualTo("www-data");

    JsonNode tasks = http.get("/api/tasks?role=www-data&environment=prod&name=hello&statuses=PENDING").json()
        .get("tasks");
    assertThat(tasks).hasSize(3);
    assertThat(tasks.get(0).get("status").asText()).isEqualTo("PENDING");
    assertThat(tasks.get(0).get("assignedTask").get("task").get("executorConfig").get("data").asText())
        .isEqualTo("{\"task\": {\"name\": \"hello\"}}");
    assertThat(http.get("/api/tasks?role=www-data&name=hello&statuses=RUNNING").json().get("tasks")).isEmpty();
    assertThat(http.get("/api/tasks?role=www-data&name=hello&instances=0-1").json().get("tasks")).hasSize(2);
    String taskId = ids.get(1).asText();
    assertThat(http.get("/api/tasks/" + taskId).json().get("assignedTask").get("instanceId").asInt()).isEqualTo(1);

    JsonNode summary = http.get("/api/roles/www-data/jobs").json().get("summaries");
    assertThat(summary).anySatisfy(s -> {
      assertThat(s.get("job").get("name").asText()).isEqualTo("hello");
      assertThat(s.get("stats").get("pendingTaskCount").asInt()).isEqualTo(3);
    });
    assertThat(http.get("/api/roles").json().get("summaries"))
        .anySatisfy(r -> assertThat(r.get("role").asText()).isEqualTo("www-data"));
  }

  @Test
  void killAddAndRestartInstances() {
    assertThat(http.post("/api/jobs", job("alice", "devel", "kills", 3, "")).status()).isEqualTo(201);
    Http.Reply killed = http.post("/api/jobs/alice/devel/kills/kill", "{\"instances\": [1]}");
    assertThat(killed.status()).as(killed.body()).isEqualTo(200);
    assertThat(killed.json().get("taskIds")).hasSize(1);
    List<Integer> left = new ArrayList<>();
    http.get("/api/tasks?role=alice&name=kills&statuses=ACTIVE").json().get("tasks")
        .forEach(t -> left.add(t.get("assignedTask").get("instanceId").asInt()));
    assertThat(left).containsExactlyInAnyOrder(0, 2);

    Http.Reply added = http.post("/api/jobs/alice/devel/kills/instances", "{\"count\": 2}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().get("taskIds").get(0).asText()).startsWith("alice-devel-kills-3-");
    assertThat(http.get("/api/jobs/alice/devel/kills").json().get("instanceCount").asInt()).isEqualTo(5);

    // Pending tasks have nothing to restart.
    assertThat(http.post("/api/jobs/alice/devel/kills/restart", "").json().get("taskIds")).isEmpty();
    assertThat(http.post("/api/jobs/alice/devel/kills/restart", "{\"instances\":[1]}").json().get("message").asText())
        .contains("no active instance 1");

    assertThat(http.post("/api/jobs/alice/devel/kills/kill", "").json().get("taskIds")).hasSize(4);
    assertThat(http.get("/api/tasks?role=alice&name=kills&statuses=ACTIVE").json().get("tasks")).isEmpty();
    assertThat(http.post("/api/jobs/alice/devel/nothing/kill", "").status()).isEqualTo(404);
  }

  @Test
  void validationNamesTheFieldAndTheReason() {
    record Case(String body, String field, String reason) {
    }
    List<Case> cases = List.of(
        new Case(job("bad role", "prod", "x", 1, ""), "key", "role 'bad role'"),
        new Case(job("r", "qa", "x", 1, ""), "key.environment", "must match"),
        new Case(job("r", "prod", "x", 0, ""), "instanceCount", "at least 1"),
        new Case(job("r", "prod", "x", 4001, ""), "instanceCount", "-max_tasks_per_job"),
        new Case(job("r", "prod", "x", 1, ", \"colour\": \"red\""), "taskConfig.colour", "unknown field"),
        new Case(job("r", "prod", "x", 1, "").replace("\"cpu\": 0.5", "\"cpu\": 0"), "taskConfig.resources.cpu",
            "more than 0"),
        new Case(job("r", "prod", "x", 1, "").replace("\"ramMb\": 64", "\"ramMb\": \"lots\""),
            "taskConfig.resources.ramMb", "must be a number, was text"),
        new Case(job("r", "prod", "x", 1, ", \"production\": true"), "taskConfig.production", "lacks quota"),
        new Case(job("r", "prod", "x", 1, ", \"constraints\": [{\"name\": \"dedicated\", \"value\":"
            + " {\"negated\": false, \"values\": [\"other/x\"]}}]"), "taskConfig.constraints.dedicated", "role other"),
        new Case(job("r", "prod", "x", 1, ", \"tier\": \"gold\""), "taskConfig.tier", "not a tier here"),
        new Case("{not json", "body", "not valid JSON"),
        new Case("", "body", "needs a JSON body"));
    for (Case c : cases) {
      Http.Reply r = http.post("/api/jobs", c.body());
      assertThat(r.status()).as(c.body()).isEqualTo(400);
      assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
      assertThat(r.json().get("message").asText()).as(c.body()).startsWith(c.field()).contains(c.reason());
    }
    Http.Reply statuses = http.get("/api/tasks?statuses=RUNNIN");
    assertThat(statuses.json().get("message").asText()).contains("'RUNNIN' is not a task status");
    assertThat(http.get("/api/nowhere").json().get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(http.put("/api/jobs", "{}").status()).isEqualTo(405);
  }

  @Test
  void everyProblemOfASubmittedJobIsReportedAtOnce() {
    String body = job(".", "qa", "many", 0, ", \"tier\": \"gold\", \"maxTaskFailures\": -2")
        .replace("\"cpu\": 0.5", "\"cpu\": 0").replace("\"ramMb\": 64", "\"ramMb\": -1");
    Http.Reply r = http.post("/api/jobs", body);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    List<String> fields = new ArrayList<>();
    r.json().get("problems").forEach(p -> fields.add(p.get("field").asText()));
    assertThat(fields).containsExactly("key", "key.environment", "instanceCount", "taskConfig.resources.cpu",
        "taskConfig.resources.ramMb", "taskConfig.maxTaskFailures", "taskConfig.tier");
    assertThat(r.json().get("message").asText()).startsWith("key: job key role '.' is not allowed")
        .contains("; key.environment: 'qa' is not allowed here", "; instanceCount: must be at least 1, was 0",
            "; taskConfig.tier: 'gold' is not a tier here");
    // A refusal for one reason keeps the plain shape.
    assertThat(http.post("/api/jobs", "{not json").json().has("problems")).isFalse();
  }

  @Test
  void aPlusInAPathIsAPlusNotASpace() {
    Http.Reply api = http.get("/api/tasks/no+such-task");
    assertThat(api.status()).isEqualTo(404);
    assertThat(api.json().get("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(api.json().get("message").asText()).isEqualTo("task no+such-task does not exist");
    Http.Reply page = http.get("/tasks/no+such-task");
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.body()).contains("task no+such-task does not exist");
    assertThat(http.get("/scheduler/a+b").body()).contains("Jobs of a+b");
    assertThat(http.get("/api/tasks/with%20space").json().get("message").asText()).contains("with space");
  }

  @Test
  void wrongMethodsAndOversizedBodiesAreRefusedWithTheApiShape() {
    Http.Reply wrongMethod = http.delete("/api/jobs");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(wrongMethod.json().get("message").asText()).contains("DELETE is not allowed on /api/jobs");
    Http.Reply tooLarge = http.post("/api/jobs", "x".repeat(JsonBodies.MAX_BODY_BYTES + 1));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(tooLarge.json().get("message").asText()).startsWith("body: longer than");
  }

  @Test
  void healthAnswersTheUnhealthyReason() throws Exception {
    AtomicReference<Optional<String>> reason = new AtomicReference<>(Optional.of("the log disk is full"));
    try (SchedulerHttpServer server = new SchedulerHttpServer("127.0.0.1", 0, HttpsSettings.OFF, ApiAccess.OPEN,
        running.scheduler().api(), running.scheduler().stats(),
        new Leadership(() -> true, () -> true, Optional::empty, Optional::empty, Optional::empty),
        reason::get, "test")) {
      server.start();
      Http own = new Http(server.port());
      Http.Reply unhealthy = own.get("/health");
      assertThat(unhealthy.status()).isEqualTo(503);
      assertThat(unhealthy.body()).isEqualTo("the log disk is full\n");
      reason.set(Optional.empty());
      assertThat(own.get("/health").status()).isEqualTo(200);
      assertThat(own.get("/health").body()).isEqualTo("OK\n");
    }
  }

  @Test
  void quotasCanBeSetAndAllowProductionJobs() {
    Http.Reply set = http.put("/api/quotas/prodrole", "{\"cpu\": 2, \"ramMb\": 1024, \"diskMb\": 1024}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(http.post("/api/jobs", job("prodrole", "prod", "p", 2, ", \"production\": true")).status())
        .isEqualTo(201);
    assertThat(http.get("/quotas").json().get("quotas").get("prodrole").get("ramMb").asLong()).isEqualTo(1024);
    JsonNode quota = http.get("/api/quotas/prodrole").json();
    assertThat(quota.get("quota").get("cpu").asDouble()).isEqualTo(2.0);
    assertThat(quota.get("prodConsumption").get("cpu").asDouble()).isEqualTo(1.0);
    assertThat(quota.get("prodConsumption").get("ramMb").asLong()).isEqualTo(128);
    assertThat(http.post("/api/jobs", job("prodrole", "prod", "q", 3, ", \"production\": true")).json()
        .get("message").asText()).contains("lacks quota");
  }

  /** Quota checks count what aurora quota get shows: here a production cron template that has no task yet. */
  @Test
  void quotaChecksAgreeWithTheConsumptionShown() {
    String role = "consumer";
    assertThat(http.put("/api/quotas/" + role, "{\"cpu\": 2, \"ramMb\": 1024, \"diskMb\": 1024}").status())
        .isEqualTo(200);
    String cron = job(role, "prod", "nightly", 2, ", \"production\": true").replace("\"instanceCount\": 2,",
        "\"instanceCount\": 2, \"cronSchedule\": \"0 3 * * *\",");
    Http.Reply scheduled = http.post("/api/cron", cron);
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
    JsonNode shown = http.get("/api/quotas/" + role).json();
    assertThat(shown.get("prodConsumption").get("cpu").asDouble()).isZero();
    assertThat(shown.get("prodSharedConsumption").get("cpu").asDouble()).isEqualTo(1.0);

    // 1.5 more CPU would fit beside the active tasks (none) but not beside the consumption shown (1.0 of 2).
    Http.Reply refused = http.post("/api/jobs", job(role, "prod", "big", 3, ", \"production\": true"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("message").asText()).contains("lacks quota").contains("cpu=2.5")
        .contains("increase_quota");
    Http.Reply accepted = http.post("/api/jobs", job(role, "prod", "fits", 2, ", \"production\": true"));
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(http.get("/api/quotas/" + role).json().get("prodSharedConsumption").get("cpu").asDouble())
        .isEqualTo(2.0);
    // Replacing the cron job does not count its old template twice; a larger one does not fit.
    assertThat(http.post("/api/cron", cron).status()).isEqualTo(201);
    Http.Reply larger = http.post("/api/cron", cron.replace("\"instanceCount\": 2,", "\"instanceCount\": 3,"));
    assertThat(larger.status()).isEqualTo(400);
    assertThat(larger.json().get("message").asText()).contains("lacks quota");
    // Non-production jobs need no quota.
    assertThat(http.post("/api/jobs", job(role, "devel", "free", 3, "")).status()).isEqualTo(201);
    // GPUs: 0 when a quota leaves them out (as set_quota and older clients do), kept when given.
    assertThat(http.get("/api/quotas/" + role).json().at("/quota/gpus").asInt()).isZero();
    assertThat(http.put("/api/quotas/" + role, "{\"cpu\": 2, \"ramMb\": 1024, \"diskMb\": 1024, \"gpus\": 2}")
        .status()).isEqualTo(200);
    assertThat(http.get("/api/quotas/" + role).json().at("/quota/gpus").asInt()).isEqualTo(2);
    Http.Reply negative = http.put("/api/quotas/" + role, "{\"cpu\": 2, \"ramMb\": 1, \"diskMb\": 1, \"gpus\": -1}");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.json().get("message").asText()).contains("gpus");
  }

  @Test
  void webUiPagesRender() {
    assertThat(http.post("/api/jobs", job("uirole", "test", "web<app>", 2, "")).status()).isEqualTo(400);
    assertThat(http.post("/api/jobs", job("uirole", "test", "webapp", 2, "")).status()).isEqualTo(201);
    Http.Reply roles = http.get("/scheduler");
    assertThat(roles.contentType()).startsWith("text/html");
    assertThat(roles.body()).contains("href=\"/scheduler/uirole\"").contains("This scheduler leads the cluster.");
    assertThat(http.get("/scheduler/uirole").body()).contains("href=\"/scheduler/uirole/test/webapp\"");
    assertThat(http.get("/scheduler/uirole/test").body()).contains("webapp");
    Http.Reply job = http.get("/scheduler/uirole/test/webapp");
    assertThat(job.body()).contains("Active tasks").contains("PENDING").contains("uirole-test-webapp-1-");
    String taskId = http.get("/api/tasks?role=uirole&name=webapp&instances=1").json().get("tasks").get(0)
        .get("assignedTask").get("taskId").asText();
    assertThat(http.get("/scheduler/uirole/test/webapp/1").body()).contains(taskId);
    Http.Reply task = http.get("/tasks/" + taskId);
    assertThat(task.body()).contains("Events").contains("PENDING").contains("\"executorConfig\"")
        .contains("Waiting because").contains("not yet matched against an offer");
    assertThat(http.get("/pendingtasks").json().get("pending")).anySatisfy(p -> {
      assertThat(p.get("taskId").asText()).isEqualTo(taskId);
      assertThat(p.get("reason").asText()).contains("not yet matched");
    });
    Http.Reply missing = http.get("/scheduler/uirole/test/nothere");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("does not exist");
    assertThat(http.get("/").status()).isIn(200, 302);
  }

  @Test
  void cronJobsCanBeScheduledShownStartedAndDescheduled() {
    String cronJob = job("cronrole", "devel", "nightly", 2, "").replace("\"instanceCount\": 2,",
        "\"instanceCount\": 2, \"cronSchedule\": \"0 3 * * *\",");
    Http.Reply refused = http.post("/api/jobs", cronJob);
    assertThat(refused.json().get("message").asText()).startsWith("cronSchedule:").contains("cron schedule");

    Http.Reply scheduled = http.post("/api/cron", cronJob);
    assertThat(scheduled.status()).as(scheduled.body()).isEqualTo(201);
    assertThat(scheduled.json().get("nextRun").asText()).contains("T03:00");
    assertThat(scheduled.json().get("job").get("cronCollisionPolicy").asText()).isEqualTo("KILL_EXISTING");
    assertThat(http.get("/api/cron/cronrole/devel/nightly").json().get("job").get("cronSchedule").asText())
        .isEqualTo("0 3 * * *");
    assertThat(http.get("/api/cron").json().get("cronJobs")).anySatisfy(c ->
        assertThat(c.get("job").get("key").get("name").asText()).isEqualTo("nightly"));
    assertThat(http.get("/api/roles").json().get("summaries")).anySatisfy(r -> {
      assertThat(r.get("role").asText()).isEqualTo("cronrole");
      assertThat(r.get("cronJobCount").asInt()).isEqualTo(1);
    });

    assertThat(http.get("/scheduler/cronrole").body()).contains("0 3 * * *");
    assertThat(http.get("/scheduler/cronrole/devel/nightly").body()).contains("Cron job (0 3 * * *, KILL_EXISTING)");
    assertThat(http.post("/api/cron/cronrole/devel/nightly/start", "").json().get("result").asText())
        .isEqualTo("started");
    assertThat(http.get("/api/tasks?role=cronrole&name=nightly&statuses=PENDING").json().get("tasks")).hasSize(2);
    // Killing the run's tasks keeps the schedule.
    assertThat(http.post("/api/jobs/cronrole/devel/nightly/kill", "").status()).isEqualTo(200);
    assertThat(http.get("/api/cron/cronrole/devel/nightly").status()).isEqualTo(200);

    Http.Reply bad = http.post("/api/cron", cronJob.replace("0 3 * * *", "0 25 * * *"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).startsWith("cronSchedule: hour 25 is outside 0-23");

    assertThat(http.delete("/api/cron/cronrole/devel/nightly").status()).isEqualTo(200);
    assertThat(http.get("/api/cron/cronrole/devel/nightly").status()).isEqualTo(404);
    assertThat(http.post("/api/cron/cronrole/devel/nightly/start", "").status()).isEqualTo(404);
  }

  @Test
  void hostMaintenanceEndpoints() {
    agentsOffered("m1", "m2", "m3");
    assertThat(http.post("/api/maintenance/start", "{\"hosts\": [\"m1\"]}").json().get("hosts").get("m1").asText())
        .isEqualTo("SCHEDULED");
    assertThat(http.post("/api/maintenance/drain", "{\"hosts\": [\"m2\"]}").json().get("hosts").get("m2").asText())
        .isEqualTo("DRAINED");
    JsonNode status = http.get("/api/maintenance?hosts=m1,m2,m3,never").json().get("hosts");
    assertThat(status.get("m1").asText()).isEqualTo("SCHEDULED");
    assertThat(status.get("m3").asText()).isEqualTo("NONE");
    assertThat(status.get("never").asText()).isEqualTo("NONE");
    assertThat(http.get("/maintenance").json().get("hosts").has("m2")).isTrue();
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"m1\", \"m2\"]}").status()).isEqualTo(200);
    assertThat(http.get("/maintenance").json().get("hosts").has("m1")).isFalse();
    Http.Reply bad = http.post("/api/maintenance/drain", "{\"hosts\": []}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("message").asText()).startsWith("hosts:");
    for (String verb : List.of("start", "drain", "end")) {
      Http.Reply unknown = http.post("/api/maintenance/" + verb, "{\"hosts\": [\"m1\", \"never\"]}");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.json().get("message").asText())
          .isEqualTo("unknown host never: no agent with that host name has registered");
    }
  }

  @Test
  void slaDrainEndpoint() {
    agentsOffered("s1", "s2");
    String policy = "{\"kind\": \"PERCENTAGE\", \"percentage\": 95, \"durationSecs\": 1800}";
    JsonNode drained = http.post("/api/maintenance/sla_drain", "{\"hosts\": [\"s1\"], \"defaultSlaPolicy\": "
        + policy + ", \"timeoutSecs\": 3600}").json();
    // Nothing runs there, so it is drained at once.
    assertThat(drained.get("hosts").get("s1").asText()).isIn("DRAINING", "DRAINED");

    assertThat(slaDrainRefusal("[\"s1\"]", policy, "60")).isEqualTo("host s1 is already draining ("
        + http.get("/api/maintenance?hosts=s1").json().get("hosts").get("s1").asText()
        + "); host_activate it first");
    assertThat(slaDrainRefusal("[\"s2\"]", null, "60")).startsWith("defaultSlaPolicy: missing");
    assertThat(slaDrainRefusal("[\"s2\"]", "{\"kind\": \"COUNT\", \"count\": 0, \"durationSecs\": 60}", "60"))
        .startsWith("defaultSlaPolicy.count: must be 1 or more");
    assertThat(slaDrainRefusal("[\"s2\"]", "{\"kind\": \"COORDINATOR\", \"coordinatorUrl\": \"nowhere\"}", "60"))
        .startsWith("defaultSlaPolicy.coordinatorUrl: must be an http:// or https:// URL");
    assertThat(slaDrainRefusal("[\"s2\"]", policy, "0")).startsWith("timeoutSecs must be more than 0");
    assertThat(slaDrainRefusal("[\"s2\"]", policy, null)).startsWith("timeoutSecs must be more than 0");
    assertThat(slaDrainRefusal("[\"nowhere\"]", policy, "60"))
        .isEqualTo("unknown host nowhere: no agent with that host name has registered");
    assertThat(http.get("/api/maintenance?hosts=s2").json().get("hosts").get("s2").asText()).isEqualTo("NONE");

    // A host with a task on it stays DRAINING under the drain, which the status shows.
    running.scheduler().storage().write(new Op.SaveTasks(List.of(new ScheduledTask(new AssignedTask("sla-task-1",
        "agent-s2", "s2", TestTasks.config(new JobKey("r", "prod", "sla"), true), null, 0), ScheduleStatus.RUNNING,
        0, List.of(new TaskEvent(System.currentTimeMillis(), ScheduleStatus.RUNNING, null, "test")), null))));
    JsonNode draining = http.post("/api/maintenance/sla_drain", "{\"hosts\": [\"s2\"], \"defaultSlaPolicy\": "
        + "{\"kind\": \"COUNT\", \"count\": 1, \"durationSecs\": 60}, \"timeoutSecs\": 3600}").json();
    assertThat(draining.get("hosts").get("s2").asText()).isEqualTo("DRAINING");
    JsonNode status = http.get("/api/maintenance?hosts=s2").json();
    assertThat(status.get("hosts").get("s2").asText()).isEqualTo("DRAINING");
    assertThat(status.get("drains").get("s2").get("defaultSlaPolicy").get("kind").asText()).isEqualTo("COUNT");
    assertThat(status.get("drains").get("s2").get("deadline").asLong()).isGreaterThan(System.currentTimeMillis());
    // Its only instance may not go (the SLA wants 1 up), so it is still RUNNING.
    assertThat(running.scheduler().storage().read().task("sla-task-1").orElseThrow().status())
        .isEqualTo(ScheduleStatus.RUNNING);
    assertThat(http.post("/api/maintenance/end", "{\"hosts\": [\"s2\", \"s1\"]}").status()).isEqualTo(200);
    JsonNode ended = http.get("/api/maintenance?hosts=s2").json();
    assertThat(ended.get("hosts").get("s2").asText()).isEqualTo("NONE");
    assertThat(ended.has("drains")).isFalse();
    running.scheduler().storage().write(new Op.RemoveTasks(java.util.Set.of("sla-task-1")));
  }

  private static String slaDrainRefusal(String hosts, String policy, String timeout) {
    Http.Reply reply = http.post("/api/maintenance/sla_drain", "{\"hosts\": " + hosts
        + (policy == null ? "" : ", \"defaultSlaPolicy\": " + policy)
        + (timeout == null ? "" : ", \"timeoutSecs\": " + timeout) + "}");
    assertThat(reply.status()).isEqualTo(400);
    return reply.json().get("message").asText();
  }

  /** Makes hosts known as Mesos agents' offers would. */
  private static void agentsOffered(String... hosts) {
    for (String h : hosts) {
      running.scheduler().storage().write(new Op.SaveHostAttributes(new HostAttributes(h, "agent-" + h, Map.of())));
    }
  }
}
