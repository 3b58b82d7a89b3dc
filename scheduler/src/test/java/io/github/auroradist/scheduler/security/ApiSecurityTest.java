package io.github.auroradist.scheduler.security;

import static io.github.auroradist.scheduler.testing.TestJobs.job;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP Basic against an Aurora security.ini, Aurora's permissions, the audit trail and forged writes. */
class ApiSecurityTest {
  /** As operators wrote it for Aurora: plain passwords, '*', an admin method, a role-scoped wildcard. */
  static final String AURORA_SECURITY_INI = """
      # Aurora's security.ini, unchanged
      [users]
      sally = apple, admin
      quota = quotapw, quota_admin
      wd = wdpass, webapp
      bob = %s, webapp

      [roles]
      admin = *
      quota_admin = thrift.AuroraAdmin:setQuota
      webapp = thrift.AuroraSchedulerManager:*:www-data
      """;

  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler(dir -> {
    Path ini = dir.resolve("security.ini");
    Files.writeString(ini, AURORA_SECURITY_INI.formatted(HashPassword.hash("bobs secret".toCharArray())),
        StandardCharsets.UTF_8);
    return List.of("-http_authentication_mechanism=BASIC", "-shiro_ini_path=" + ini, "-denied_roles=mallory",
        "-allow_root_role=false");
  });
  static final Http http = running.http();

  static String[] as(String user, String password, String... more) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json", "Authorization",
        "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    headers.addAll(List.of(more));
    return headers.toArray(String[]::new);
  }

  @Test
  void writesWithoutGoodCredentialsAreUnauthorizedAndReadsStayOpen() {
    Http.Reply none = http.post("/api/jobs", job("www-data", "prod", "anon", 1));
    assertThat(none.status()).as(none.body()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Aurora Scheduler\"");
    assertThat(none.json().get("code").asText()).isEqualTo("AUTH_FAILED");
    assertThat(none.json().get("message").asText()).contains("requires HTTP Basic credentials");

    Http.Reply badPassword = http.send("POST", "/api/jobs", job("www-data", "prod", "anon", 1), as("wd", "nope"));
    assertThat(badPassword.status()).as(badPassword.body()).isEqualTo(401);
    assertThat(badPassword.json().get("message").asText()).contains("'wd'", "unknown user or wrong password");
    Http.Reply unknown = http.send("POST", "/api/jobs", job("www-data", "prod", "anon", 1), as("nobody", "x"));
    assertThat(unknown.status()).isEqualTo(401);
    Http.Reply noQuota = http.put("/api/quotas/www-data", "{\"cpu\": 1, \"ramMb\": 1, \"diskMb\": 1}");
    assertThat(noQuota.status()).isEqualTo(401);

    assertThat(http.get("/api/jobs").status()).isEqualTo(200);
    assertThat(http.get("/api/quotas/www-data").status()).isEqualTo(200);
    assertThat(http.get("/api/jobs?role=www-data").json().get("jobs").toString()).doesNotContain("anon");
  }

  @Test
  void aRoleMemberCreatesAndKillsItsRolesJobsOnlyAndTheEventsNameIt() {
    Http.Reply created = http.send("POST", "/api/jobs", job("www-data", "prod", "hello", 2), as("wd", "wdpass"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    Http.Reply otherRole = http.send("POST", "/api/jobs", job("alice", "prod", "hello", 1), as("wd", "wdpass"));
    assertThat(otherRole.status()).as(otherRole.body()).isEqualTo(403);
    assertThat(otherRole.json().get("code").asText()).isEqualTo("AUTH_FAILED");
    assertThat(otherRole.json().get("message").asText())
        .contains("'wd'", "thrift.AuroraSchedulerManager:createJob:alice:prod:hello");
    assertThat(http.get("/api/jobs?role=alice").json().get("jobs")).isEmpty();

    // An admin's job is out of the member's reach.
    assertThat(http.send("POST", "/api/jobs", job("alice", "prod", "hers", 1), as("sally", "apple")).status())
        .isEqualTo(201);
    Http.Reply killOther = http.send("POST", "/api/jobs/alice/prod/hers/kill", "", as("wd", "wdpass"));
    assertThat(killOther.status()).isEqualTo(403);
    assertThat(killOther.json().get("message").asText())
        .contains("thrift.AuroraSchedulerManager:killTasks:alice:prod:hers");
    assertThat(http.get("/api/tasks?role=alice&name=hers&statuses=PENDING").json().get("tasks")).hasSize(1);

    // Without Mesos the tasks stay PENDING, and a killed PENDING task is gone: these two run, as far as it knows.
    List<String> ids = new ArrayList<>();
    running.scheduler().storage().read().tasks(t -> t.jobKey().role().equals("www-data")
        && t.jobKey().name().equals("hello")).forEach(t -> ids.add(t.taskId()));
    running.scheduler().storage().write(new Op.SaveTasks(ids.stream().map(id -> {
      ScheduledTask t = running.scheduler().storage().read().task(id).orElseThrow();
      return new ScheduledTask(t.assignedTask(), ScheduleStatus.RUNNING, 0, t.taskEvents(), null);
    }).toList()));

    Http.Reply restarted = http.send("POST", "/api/jobs/www-data/prod/hello/restart", "{\"instances\": [1]}",
        as("wd", "wdpass"));
    assertThat(restarted.status()).as(restarted.body()).isEqualTo(200);
    assertThat(lastEvent(restarted.json().get("taskIds").get(0).asText())).isEqualTo("Restarted by wd");
    // The hashed password of the same role works as the plain one.
    Http.Reply killed = http.send("POST", "/api/jobs/www-data/prod/hello/kill", "{\"instances\": [0],"
        + " \"message\": \"going away\"}", as("bob", "bobs secret"));
    assertThat(killed.status()).as(killed.body()).isEqualTo(200);
    assertThat(lastEvent(killed.json().get("taskIds").get(0).asText())).isEqualTo("Killed by bob: going away");
    assertThat(http.send("POST", "/api/jobs/www-data/prod/hello/kill", "", as("bob", "wdpass")).status())
        .isEqualTo(401);
  }

  static String lastEvent(String taskId) {
    JsonNode events = http.get("/api/tasks/" + taskId).json().get("taskEvents");
    return events.get(events.size() - 1).get("message").asText();
  }

  @Test
  void adminCallsNeedTheirPermission() {
    String quota = "{\"cpu\": 4, \"ramMb\": 4096, \"diskMb\": 8192}";
    Http.Reply member = http.send("PUT", "/api/quotas/www-data", quota, as("wd", "wdpass"));
    assertThat(member.status()).isEqualTo(403);
    assertThat(member.json().get("message").asText()).contains("'wd'", "thrift.AuroraAdmin:setQuota");
    assertThat(http.send("POST", "/api/admin/snapshot", "", as("wd", "wdpass")).json().get("message").asText())
        .contains("thrift.AuroraAdmin:snapshot");
    assertThat(http.send("POST", "/api/maintenance/drain", "{\"hosts\": [\"h1\"]}", as("quota", "quotapw"))
        .json().get("message").asText()).contains("thrift.AuroraAdmin:drainHosts");

    Http.Reply quotaAdmin = http.send("PUT", "/api/quotas/www-data", quota, as("quota", "quotapw"));
    assertThat(quotaAdmin.status()).as(quotaAdmin.body()).isEqualTo(200);
    assertThat(http.send("POST", "/api/admin/snapshot", "", as("sally", "apple")).status()).isEqualTo(200);
  }

  @Test
  void updateEventsNameTheUser() {
    assertThat(http.send("POST", "/api/jobs", job("www-data", "devel", "upd", 1), as("wd", "wdpass")).status())
        .isEqualTo(201);
    String request = "{\"job\": " + job("www-data", "devel", "upd", 2) + ", \"settings\": {\"updateGroupSize\": 1},"
        + " \"message\": \"more\"}";
    Http.Reply refused = http.send("POST", "/api/updates", request.replace("www-data", "alice"),
        as("wd", "wdpass"));
    assertThat(refused.json().get("message").asText()).contains("thrift.AuroraSchedulerManager:startJobUpdate:alice");
    Http.Reply started = http.send("POST", "/api/updates", request, as("bob", "bobs secret"));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String id = started.json().get("summary").get("key").get("id").asText();
    assertThat(http.send("POST", "/api/updates/www-data/devel/upd/pause", "", as("wd", "wdpass")).status())
        .isEqualTo(200);
    JsonNode updateEvents = http.get("/api/updates/www-data/devel/upd/" + id).json().get("updateEvents");
    assertThat(updateEvents).extracting(e -> e.get("user").asText()).containsExactly("bob", "wd");
  }

  @Test
  void forgedCrossSiteWritesAreRefusedAndChangeNothing() {
    assertThat(http.send("POST", "/api/jobs", job("www-data", "prod", "victim", 1), as("sally", "apple")).status())
        .isEqualTo(201);
    // A page's form post: text/plain, its own origin; the browser would add the operator's saved credentials.
    Http.Reply plain = http.send("POST", "/api/jobs/www-data/prod/victim/kill", "{}", "Content-Type", "text/plain",
        "Origin", "http://evil.example", "Authorization", as("sally", "apple")[3]);
    assertThat(plain.status()).as(plain.body()).isEqualTo(415);
    assertThat(plain.json().get("message").asText()).contains("Content-Type: application/json");
    Http.Reply foreign = http.send("POST", "/api/jobs/www-data/prod/victim/kill", "{}",
        as("sally", "apple", "Origin", "http://evil.example"));
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(403);
    assertThat(foreign.json().get("message").asText()).contains("cross-site request refused", "evil.example");
    assertThat(foreign.headers().map().keySet()).noneMatch(h -> h.regionMatches(true, 0, "access-control-", 0, 15));
    assertThat(http.get("/api/tasks?role=www-data&name=victim&statuses=ACTIVE").json().get("tasks")).hasSize(1);

    Http.Reply own = http.send("POST", "/api/jobs/www-data/prod/victim/kill", "{}",
        as("sally", "apple", "Origin", "http://127.0.0.1:" + running.scheduler().httpPort()));
    assertThat(own.status()).as(own.body()).isEqualTo(200);
  }

  @Test
  void rootAndDeniedRolesAreRefusedNamingTheFlag() {
    Http.Reply root = http.send("POST", "/api/jobs", job("root", "prod", "r", 1), as("sally", "apple"));
    assertThat(root.status()).as(root.body()).isEqualTo(400);
    assertThat(root.json().get("message").asText()).contains("key.role", "-allow_root_role");
    Http.Reply denied = http.send("POST", "/api/cron", job("mallory", "prod", "m", 1)
        .replace("\"instanceCount\": 1,", "\"instanceCount\": 1, \"cronSchedule\": \"0 3 * * *\","),
        as("sally", "apple"));
    assertThat(denied.status()).as(denied.body()).isEqualTo(400);
    assertThat(denied.json().get("message").asText()).contains("-denied_roles");
  }
}
