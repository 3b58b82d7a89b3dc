package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every value a page shows is HTML-escaped: markup and quotes in the cluster name, metadata, contact e-mail, host
 * names, agent ids, event messages and error messages come out as text. (Job key parts cannot hold them: JobKey
 * allows only letters, digits, '_', '-' and '.'.)
 */
class UiEscapingTest {
  static final String EVIL = "<script>alert(\"x\")</script>'";
  static final String ESCAPED = "&lt;script&gt;alert(\"x\")&lt;/script&gt;'";

  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler();
  static SchedulerHttpServer server;
  static Http http;
  static String taskId;

  @BeforeAll
  static void start() throws Exception {
    Scheduler scheduler = running.scheduler();
    Http api = running.http();
    Http.Reply created = api.post("/api/jobs", TestJobs.job("esc", "prod", "web", 1,
        ", \"metadata\": [{\"key\": \"team\", \"value\": \"<script>alert(\\\"m\\\")</script>'\"}],"
            + " \"contactEmail\": \"\\\"><script>mail()</script>\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    taskId = created.json().get("taskIds").get(0).asText();
    // Placed on a host whose name, agent id and status message carry markup, as a Mesos agent could report them.
    ScheduledTask pending = scheduler.storage().read().task(taskId).orElseThrow();
    AssignedTask a = pending.assignedTask();
    TaskConfig config = a.task();
    scheduler.storage().write(new Op.SaveTasks(List.of(new ScheduledTask(new AssignedTask(a.taskId(), EVIL + "agent",
        EVIL + "host", config, Map.of(), a.instanceId()), ScheduleStatus.RUNNING, 0,
        List.of(new TaskEvent(1, ScheduleStatus.RUNNING, EVIL + "message", EVIL + "scheduler")), null))));
    server = new SchedulerHttpServer("127.0.0.1", 0, HttpsSettings.OFF, ApiAccess.OPEN, scheduler.api(),
        scheduler.stats(), new Leadership(() -> true, () -> true, () -> Optional.of(EVIL + "stale"), Optional::empty,
        Optional::empty), Optional::empty,
        EVIL + "cluster");
    server.start();
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String page(String path, int status, String... shown) {
    Http.Reply r = http.get(path);
    assertThat(r.status()).as(path).isEqualTo(status);
    assertThat(r.contentType()).startsWith("text/html");
    // In text, quotes need no escaping (only in attribute values, where no such value goes).
    assertThat(r.body()).as(path).doesNotContain("<script>").contains(ESCAPED + "cluster");
    for (String s : shown) {
      assertThat(r.body()).as(path).contains(ESCAPED + s);
    }
    return r.body();
  }

  @Test
  void everyPageEscapesWhatItShows() {
    page("/scheduler", 200, "stale");
    page("/scheduler/esc", 200, "stale");
    page("/scheduler/esc/prod", 200, "stale");
    page("/scheduler/esc/prod/web", 200, "stale", "host", "message");
    page("/scheduler/esc/prod/web/0", 200, "stale", "host", "message");
    String task = page("/tasks/" + taskId, 200, "stale", "host", "agent", "message", "scheduler");
    assertThat(task).contains("&lt;script&gt;alert(\\\"m\\\")&lt;/script&gt;'",
        "\\\"&gt;&lt;script&gt;mail()&lt;/script&gt;");
  }

  @Test
  void errorPagesEscapeTheMessage() {
    Http.Reply missing = http.get("/tasks/%3Cscript%3Ealert(%22e%22)");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).doesNotContain("<script>").contains("task &lt;script&gt;alert(\"e\") does not exist");
    Http.Reply badKey = http.get("/scheduler/esc/prod/%3Cscript%3E");
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(badKey.body()).doesNotContain("<script>").contains("name '&lt;script&gt;'");
  }
}
