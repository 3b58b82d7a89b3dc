package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * Instance selections from query strings and JSON bodies go through the one bounded parser: a huge range is
 * refused at once (it once was expanded into a set until the heap ran out), a backwards one is an error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InstanceSelectionTest {
  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler();
  static final Http http = running.http();

  @BeforeAll
  static void createJob() {
    assertThat(http.post("/api/jobs", TestJobs.job("ranges", "prod", "web", 3, "")).status()).isEqualTo(201);
  }

  private static void assertRefused(Http.Reply r, String... parts) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    assertThat(r.json().get("message").asText()).startsWith("instances: ").contains(parts);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHugeRangeInTheTaskQueryIsRefusedAtOnce() {
    assertRefused(http.get("/api/tasks?role=ranges&instances=0-2147483647"), "99999");
  }

  @Test
  void aBackwardsRangeIsRefusedInsteadOfSelectingEverything() {
    assertRefused(http.get("/api/tasks?role=ranges&instances=5-1"), "runs backwards");
    assertRefused(http.get("/api/tasks?role=ranges&instances=a"), "0,2-5");
  }

  @Test
  void rangesSelectWithoutExpanding() {
    assertThat(http.get("/api/tasks?role=ranges&name=web&instances=0-99999").json().get("tasks")).hasSize(3);
    assertThat(http.get("/api/tasks?role=ranges&name=web&instances=1,2").json().get("tasks")).hasSize(2);
    assertThat(http.get("/api/tasks?role=ranges&name=web&instances=7-90000").json().get("tasks")).isEmpty();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void bodiesAreBoundedToo() {
    assertRefused(http.post("/api/jobs/ranges/prod/web/kill", "{\"instances\": [2147483647]}"), "99999");
    assertRefused(http.post("/api/jobs/ranges/prod/web/kill", "{\"instances\": \"0-2147483647\"}"), "99999");
    assertRefused(http.post("/api/jobs/ranges/prod/web/restart", "{\"instances\": \"5-1\"}"), "runs backwards");
    assertRefused(http.post("/api/jobs/ranges/prod/web/restart", "{\"instances\": [-1]}"), "start at 0");
    StringBuilder many = new StringBuilder("{\"instances\": [0");
    for (int i = 1; i <= 1_000; i++) {
      many.append(',').append(i);
    }
    assertRefused(http.post("/api/jobs/ranges/prod/web/kill", many.append("]}").toString()), "1000");
    Http.Reply count = http.post("/api/jobs/ranges/prod/web/instances", "{\"count\": 2147483647}");
    assertThat(count.status()).as(count.body()).isEqualTo(400);
    assertThat(count.json().get("message").asText()).startsWith("count: ").contains("-max_tasks_per_job");
    Http.Reply from = http.post("/api/jobs/ranges/prod/web/instances", "{\"count\": 1, \"fromInstance\": 2147483647}");
    assertThat(from.status()).as(from.body()).isEqualTo(400);
    assertThat(from.json().get("message").asText()).startsWith("fromInstance: ");
    // Nothing was killed or added by the refused requests.
    assertThat(http.get("/api/tasks?role=ranges&name=web&statuses=ACTIVE").json().get("tasks")).hasSize(3);
  }

  @Test
  void aStringRangeInAKillBodySelectsThoseInstances() {
    assertThat(http.post("/api/jobs", TestJobs.job("ranges", "prod", "kills", 4, "")).status())
        .isEqualTo(201);
    assertThat(http.post("/api/jobs/ranges/prod/kills/kill", "{\"instances\": \"1-2\"}").json().get("taskIds"))
        .hasSize(2);
    assertThat(http.post("/api/jobs/ranges/prod/kills/kill", "{\"instances\": [3]}").json().get("taskIds"))
        .hasSize(1);
    assertThat(http.get("/api/tasks?role=ranges&name=kills&statuses=ACTIVE").json().get("tasks")).hasSize(1);
  }
}
