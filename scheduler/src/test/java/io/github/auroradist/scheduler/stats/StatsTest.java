package io.github.auroradist.scheduler.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Aurora's names on /vars, the registry's Prometheus names on /metrics. */
class StatsTest {
  @Test
  void countersAndGaugesKeepAuroraNamesAndAppearInThePrometheusScrape() {
    try (Stats stats = new Stats()) {
      stats.counter("tasks_launched").addAndGet(2);
      AtomicInteger running = new AtomicInteger(3);
      stats.gauge("task_store_RUNNING", running::get);
      stats.gauge("broken", () -> {
        throw new IllegalStateException("no value");
      });
      assertThat(stats.values()).containsEntry("tasks_launched", 2L).containsEntry("task_store_RUNNING", 3)
          .containsEntry("broken", 0).containsKey("jvm_uptime_secs");

      running.set(4);
      stats.gauge("task_store_RUNNING", () -> 5);  // a later gauge of the same name replaces the first
      String scrape = stats.prometheus();
      assertThat(scrape).contains("# HELP aurora_tasks_launched_total ", "# TYPE aurora_tasks_launched_total counter",
          "# TYPE aurora_task_store_RUNNING gauge", "jvm_memory_used_bytes{")
          .containsPattern("(?m)^aurora_tasks_launched_total 2(\\.0)?$")
          .containsPattern("(?m)^aurora_task_store_RUNNING 5(\\.0)?$");
    }
  }

  @Test
  void timersArePrometheusHistograms() {
    try (Stats stats = new Stats()) {
      assertThat(stats.time("offer_placement", () -> "placed")).isEqualTo("placed");
      stats.record("http_request", 2_000_000, "route", "/api/jobs", "method", "GET", "status", "200");
      stats.record("http_request", 3_000_000, "route", "/api/jobs", "method", "GET", "status", "200");
      String scrape = stats.prometheus();
      assertThat(scrape).contains("# TYPE aurora_http_request_seconds histogram")
          .containsPattern("(?m)^aurora_offer_placement_seconds_count 1(\\.0)?$")
          .containsPattern("(?m)^aurora_http_request_seconds_count"
              + "\\{method=\"GET\",route=\"/api/jobs\",status=\"200\"\\} 2(\\.0)?$")
          .containsPattern("aurora_http_request_seconds_bucket\\{.*le=\"\\+Inf\".*\\} 2");
    }
  }
}
