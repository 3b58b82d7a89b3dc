package io.github.auroradist.scheduler.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /api/quotas/{role} counts as Aurora's GetQuotaResult: shared and dedicated, cron templates, updates. */
class QuotaConsumptionTest {
  @RegisterExtension
  static final RunningScheduler SCHEDULER = new RunningScheduler();
  static final Http HTTP = SCHEDULER.http();
  private static final String PROD = ", \"production\": true";

  @Test
  void consumptionCountsTasksCronTemplatesAndTheLargerSideOfAnActiveUpdate() {
    assertThat(HTTP.put("/api/quotas/qr", "{\"cpu\": 100, \"ramMb\": 100000, \"diskMb\": 100000}").status())
        .isEqualTo(200);
    // Each task: 0.5 cpu, 64 MB RAM, 128 MB disk.
    assertThat(HTTP.post("/api/jobs", TestJobs.job("qr", "prod", "svc", 2, PROD)).status()).isEqualTo(201);
    assertThat(HTTP.post("/api/jobs", TestJobs.job("qr", "prod", "np", 1)).status()).isEqualTo(201);
    assertThat(HTTP.post("/api/jobs", TestJobs.job("qr", "prod", "ded", 1, PROD + ", \"constraints\": [{\"name\":"
        + " \"dedicated\", \"value\": {\"negated\": false, \"values\": [\"qr/db\"]}}]")).status()).isEqualTo(201);
    Http.Reply cron = HTTP.post("/api/cron", TestJobs.job("qr", "prod", "nightly", 3, PROD)
        .replace("\"instanceCount\": 3,", "\"instanceCount\": 3, \"cronSchedule\": \"0 3 * * *\","));
    assertThat(cron.status()).as(cron.body()).isEqualTo(201);

    JsonNode quota = quota();
    // Active tasks (as before): svc and ded.
    assertAggregate(quota.get("prodConsumption"), 1.5, 192, 384);
    // svc's two tasks and nightly's template of three (no cron run yet).
    assertAggregate(quota.get("prodSharedConsumption"), 2.5, 320, 640);
    assertAggregate(quota.get("nonProdSharedConsumption"), 0.5, 64, 128);
    assertAggregate(quota.get("prodDedicatedConsumption"), 0.5, 64, 128);
    assertAggregate(quota.get("nonProdDedicatedConsumption"), 0, 0, 0);
    assertAggregate(quota.get("quota"), 100, 100000, 100000);

    // An update to twice the CPU, held paused: svc counts the larger side (new CPU, same RAM and disk).
    Http.Reply update = HTTP.post("/api/updates", "{\"job\": " + TestJobs.job("qr", "prod", "svc", 2, PROD)
        .replace("\"cpu\": 0.5", "\"cpu\": 1.0") + ", \"settings\": {\"updateGroupSize\": 1,"
        + " \"minWaitInInstanceRunningMs\": 1000}, \"message\": \"bigger\"}");
    assertThat(update.status()).as(update.body()).isEqualTo(201);
    assertThat(HTTP.post("/api/updates/qr/prod/svc/pause", "").status()).isEqualTo(200);
    assertAggregate(quota().get("prodSharedConsumption"), 3.5, 320, 640);
  }

  private static JsonNode quota() {
    Http.Reply reply = HTTP.get("/api/quotas/qr");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return reply.json();
  }

  private static void assertAggregate(JsonNode node, double cpu, long ramMb, long diskMb) {
    assertThat(node.get("cpu").asDouble()).as(node.toString()).isEqualTo(cpu);
    assertThat(node.get("ramMb").asLong()).as(node.toString()).isEqualTo(ramMb);
    assertThat(node.get("diskMb").asLong()).as(node.toString()).isEqualTo(diskMb);
  }
}
