package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every request body is read strictly, in one place: what a lenient reader would guess at (a second document, a
 * key given twice, a fraction where a whole number belongs, a number past a double's range) and what passes the
 * limits is a 400 that names the field and the rule, and changes nothing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StrictInputsTest {
  @RegisterExtension
  static final RunningScheduler running = new RunningScheduler();
  static final Http http = running.http();

  @BeforeAll
  static void createJob() {
    assertThat(http.post("/api/jobs", TestJobs.job("strict", "prod", "web", 2)).status()).isEqualTo(201);
  }

  /** A refused request changed nothing: the one job and its two tasks are as created. */
  @AfterEach
  void nothingChanged() {
    assertThat(http.get("/api/jobs?role=strict").json().get("jobs")).hasSize(1);
    assertThat(http.get("/api/tasks?role=strict&statuses=ACTIVE").json().get("tasks")).hasSize(2);
  }

  private static String refused(Http.Reply r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
    String message = r.json().get("message").asText();
    assertThat(message).as(r.body()).contains(field + ": ").doesNotContain("Exception", "jackson", "java.");
    return message;
  }

  private static String job(String name, String resources) {
    return TestJobs.job("strict", "prod", name, 1).replace(
        "{\"cpu\": 0.5, \"ramMb\": 64, \"diskMb\": 128, \"namedPorts\": [\"http\"]}", resources);
  }

  @Test
  void anythingAfterTheDocumentIsRefused() {
    String job = TestJobs.job("strict", "prod", "other", 1);
    assertThat(refused(http.post("/api/jobs", job + "garbage"), "body")).contains("not valid JSON", "'garbage'");
    assertThat(refused(http.post("/api/jobs", job + job), "body")).contains("exactly one JSON value");
    refused(http.post("/api/jobs/strict/prod/web/kill", "{\"instances\": [0]} {}"), "body");
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertThat(refused(http.post("/api/jobs/strict/prod/web/instances", "{\"count\": 1, \"count\": 2}"), "count"))
        .contains("twice");
    assertThat(refused(http.post("/api/jobs", job("dup", "{\"cpu\": 1, \"cpu\": 2, \"ramMb\": 64, \"diskMb\": 64}")),
        "taskConfig.resources.cpu")).contains("twice");
  }

  @Test
  void wholeNumbersMustBeWhole() {
    assertThat(refused(http.post("/api/jobs", TestJobs.job("strict", "prod", "frac", 1)
        .replace("\"instanceCount\": 1", "\"instanceCount\": 1.5")), "instanceCount")).contains("whole number");
    refused(http.post("/api/jobs", job("gpus", "{\"cpu\": 1, \"ramMb\": 64, \"diskMb\": 64, \"gpus\": 1e9}")),
        "taskConfig.resources.gpus");
    refused(http.post("/api/jobs/strict/prod/web/instances", "{\"count\": \"1\"}"), "count");
    refused(http.post("/api/jobs/strict/prod/web/instances", "{\"count\": 99999999999}"), "count");
    refused(http.post("/api/jobs/strict/prod/web/kill", "{\"instances\": [1.5]}"), "instances");
  }

  @Test
  void numbersMustBeFiniteAndWithinLimits() {
    assertThat(refused(http.post("/api/jobs", job("inf", "{\"cpu\": 1e309, \"ramMb\": 64, \"diskMb\": 64}")),
        "taskConfig.resources.cpu")).contains("finite");
    refused(http.post("/api/jobs", job("inftext", "{\"cpu\": \"Infinity\", \"ramMb\": 64, \"diskMb\": 64}")),
        "taskConfig.resources.cpu");
    assertThat(refused(http.post("/api/jobs", job("tiny", "{\"cpu\": 1e-300, \"ramMb\": 64, \"diskMb\": 64}")),
        "taskConfig.resources.cpu")).contains("0.001");
    assertThat(refused(http.post("/api/jobs", job("gpus", "{\"cpu\": 1, \"ramMb\": 64, \"diskMb\": 64,"
        + " \"gpus\": 1000000000}")), "taskConfig.resources.gpus")).contains("1000");
    assertThat(refused(http.put("/api/quotas/strict", "{\"cpu\": 1e309, \"ramMb\": 1, \"diskMb\": 1}"), "cpu"))
        .contains("finite");
    String ports = IntStream.range(0, 10_000).mapToObj(i -> "\"p" + i + "\"").collect(Collectors.joining(","));
    assertThat(refused(http.post("/api/jobs", job("ports", "{\"cpu\": 1, \"ramMb\": 64, \"diskMb\": 64,"
        + " \"namedPorts\": [" + ports + "]}")), "taskConfig.resources.namedPorts")).contains("at most 100");
  }

  @Test
  void namesDataAndListsAreBounded() {
    String longName = "p".repeat(129);
    assertThat(refused(http.post("/api/jobs", job("portname", "{\"cpu\": 1, \"ramMb\": 64, \"diskMb\": 64,"
        + " \"namedPorts\": [\"" + longName + "\"]}")), "taskConfig.resources.namedPorts")).contains("at most 128");
    String bigData = TestJobs.job("strict", "prod", "data", 1).replace("{\\\"task\\\": {\\\"name\\\": \\\"hello\\\"}}",
        "x".repeat(1024 * 1024 + 1));
    assertThat(refused(http.post("/api/jobs", bigData), "taskConfig.executorConfig.data")).contains("1 MiB");
    String metadata = TestJobs.job("strict", "prod", "meta", 1, ", \"metadata\": [{\"key\": \"k\", \"value\": \""
        + "v".repeat(4097) + "\"}]");
    refused(http.post("/api/jobs", metadata), "taskConfig.metadata[0].value");
    String hosts = IntStream.range(0, 10_001).mapToObj(i -> "\"h" + i + "\"").collect(Collectors.joining(","));
    assertThat(refused(http.post("/api/maintenance/drain", "{\"hosts\": [" + hosts + "]}"), "hosts"))
        .contains("10001 items");
    assertThat(refused(http.post("/api/jobs/strict/prod/web/kill", "[".repeat(40) + "]".repeat(40)), "body"))
        .contains("nested");
  }

  @Test
  void bodiesThatAreNotUtf8NameTheByte() throws Exception {
    byte[] body = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + running.scheduler().httpPort() + "/api/jobs/strict/prod/web/kill"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused(Http.reply(r), "body")).contains("UTF-8", "byte 12");
  }
}
