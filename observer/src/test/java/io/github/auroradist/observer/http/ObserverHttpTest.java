package io.github.auroradist.observer.http;

import static io.github.auroradist.observer.FakeWorkDir.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.thermos.checkpoint.CheckpointWriter;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.ProcessState;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.observer.FakeWorkDir;
import io.github.auroradist.observer.RunningObserver;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The observer over real HTTP on loopback, reading a work directory written by the real writer. */
class ObserverHttpTest {
  static final String ACTIVE = "www-data-prod-web-0-1111";
  static final String DONE = "www-data-prod-web-1-2222";
  static final String CORRUPT = "www-data-prod-web-2-3333";
  static final String TORN = "www-data-prod-web-3-4444";
  static final ObjectMapper JSON = RunningObserver.JSON;

  @TempDir static Path root;
  static FakeWorkDir work;
  static RunningObserver observer;
  static Path activeRun;
  static String stdout;

  @BeforeAll
  static void start() throws Exception {
    work = new FakeWorkDir(root);
    activeRun = work.runDirectory(ACTIVE);
    try (CheckpointWriter w = work.start(activeRun, ACTIVE, "web", 0, List.of("hello", "sidecar"))) {
      FakeWorkDir.process(w, "hello", 0, ProcessState.WAITING, T0 + 11, null, null, null);
      FakeWorkDir.process(w, "hello", 0, ProcessState.FORKED, T0 + 12, 4250L, null, null);
      FakeWorkDir.process(w, "hello", 0, ProcessState.RUNNING, T0 + 13, 4250L, null, null);
      FakeWorkDir.process(w, "hello", 0, ProcessState.FAILED, T0 + 3000, null, 3,
          "exit code 3 <script>alert(1)</script>");
      FakeWorkDir.process(w, "hello", 1, ProcessState.WAITING, T0 + 3001, null, null, null);
      FakeWorkDir.process(w, "hello", 1, ProcessState.FORKED, T0 + 3002, 4260L, null, null);
      FakeWorkDir.process(w, "hello", 1, ProcessState.RUNNING, T0 + 3003, 4260L, null, null);
    }
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 20000; i++) {
      log.append("line ").append(i).append('\n');
    }
    stdout = log.toString();
    FakeWorkDir.log(activeRun, "hello", 1, "stdout", stdout);
    FakeWorkDir.log(activeRun, "hello", 1, "stderr", "oops <b>bold</b>\n");
    FakeWorkDir.log(activeRun, "hello", 1, "stderr.1", "rotated earlier\n");
    FakeWorkDir.log(activeRun, "hello", 0, "stdout", "first run\n");

    Path sandbox = activeRun.resolve("sandbox");
    Files.writeString(sandbox.resolve("data.txt"), "0123456789abcdef");
    Files.createDirectories(sandbox.resolve("dir/sub"));
    Files.writeString(sandbox.resolve("dir/sub/x <y>.txt"), "escaped name");
    Files.writeString(sandbox.resolve("a+b c.txt"), "plus stays plus");
    Files.createSymbolicLink(sandbox.resolve("etc-link"), Path.of("/etc"));
    Files.createSymbolicLink(sandbox.resolve("passwd-link"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(sandbox.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(sandbox.resolve("data-link"), Path.of("data.txt"));
    FakeWorkDir.mkfifo(sandbox.resolve("pipe"));

    Path doneRun = work.runDirectory(DONE);
    try (CheckpointWriter w = work.start(doneRun, DONE, "web", 1, List.of("hello"))) {
      FakeWorkDir.process(w, "hello", 0, ProcessState.SUCCESS, T0 + 50, null, 0, null);
      FakeWorkDir.task(w, TaskState.SUCCESS, T0 + 60, null);
    }

    Path corruptRun = work.runDirectory(CORRUPT);
    work.start(corruptRun, CORRUPT, "web", 2, List.of("hello")).close();
    Files.writeString(Checkpoints.file(corruptRun, CORRUPT), "garbage in the middle\n{\"type\":\"task_status\"}\n",
        StandardOpenOption.APPEND);
    // An unreadable checkpoint sorts by its file's time: a day after the others launched, whatever the clock says.
    Files.setLastModifiedTime(Checkpoints.file(corruptRun, CORRUPT), FileTime.fromMillis(T0 + 86_400_000L));

    Path tornRun = work.runDirectory(TORN);
    work.start(tornRun, TORN, "web", 3, List.of("hello")).close();
    Files.writeString(Checkpoints.file(tornRun, TORN), "{\"type\":\"task_sta", StandardOpenOption.APPEND);

    observer = RunningObserver.start(root);
  }

  @AfterAll
  static void stop() {
    if (observer != null) {
      observer.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return observer.get(path);
  }

  static String ok(String path) throws Exception {
    return observer.ok(path);
  }

  static JsonNode json(String path) throws Exception {
    return observer.json(path);
  }

  @Test
  void healthAndVars() throws Exception {
    assertThat(ok("/health")).isEqualTo("OK");
    String vars = ok("/vars");
    assertThat(vars).contains("tasks_found 4\n", "tasks_active 2\n", "tasks_finished 1\n",
        "checkpoints_corrupt 1\n", "checkpoints_torn_tail 1\n", "duplicate_task_ids 0\n");
    assertThat(vars).containsPattern("(?m)^observer_uptime_secs \\d+$")
        .containsPattern("(?m)^scan_duration_ms \\d+$");
    JsonNode json = json("/vars.json");
    assertThat(json.path("tasks_found").asInt()).isEqualTo(4);
    assertThat(json.path("observer_polling_interval_secs").asDouble()).isEqualTo(0.2);
  }

  @Test
  void taskListsSplitActiveAndFinishedAndShowCorruptCheckpoints() throws Exception {
    String all = ok("/");
    assertThat(all).contains(ACTIVE, DONE, CORRUPT, TORN, "www-data/prod/web/0", "UNREADABLE",
        "2 processes: 1 RUNNING, 1 not started", "href=\"/task/" + ACTIVE + "\"",
        "href=\"/browse/" + ACTIVE + "\"");
    // The active task's launch time (FakeWorkDir.T0), never today's date: the page also shows the
    // scan time, so a date-only match would pass on the day the test was written and fail after.
    assertThat(all).contains("2025-11-25 12:50:00 UTC");
    assertThat(all).contains("line 3 is not a checkpoint record");
    assertThat(ok("/main/all")).contains(ACTIVE, DONE);
    String active = ok("/main/active");
    assertThat(active).contains(ACTIVE, TORN).doesNotContain(DONE);
    String finished = ok("/main/finished");
    assertThat(finished).contains(DONE).doesNotContain(ACTIVE);
    assertThat(get("/main/bogus").statusCode()).isEqualTo(404);

    // Aurora-style paging: /main/<which>/<offset>/<num>; newest launch first (the unreadable
    // checkpoint sorts by its file time, a day later, so it comes first here).
    String page = ok("/main/all/1/2");
    assertThat(page).contains("Showing 2 to 3 of", "href=\"/main/all/0/2\"", "href=\"/main/all/3/2\"",
        TORN, DONE).doesNotContain(">" + CORRUPT + "<", ">" + ACTIVE + "<");
    assertThat(get("/main/all/x").statusCode()).isEqualTo(400);
    assertThat(get("/no/such/page").statusCode()).isEqualTo(404);
  }

  @Test
  void taskPageShowsHeaderHistoryAndProcessesEscaped() throws Exception {
    String page = ok("/task/" + ACTIVE);
    assertThat(page).contains("www-data", "prod", "agent-1", "4242", "http: 31000",
        FakeWorkDir.AGENT, FakeWorkDir.FRAMEWORK, "thermos-" + ACTIVE, "ACTIVE", "hello", "sidecar",
        "4260", "href=\"/logs/" + ACTIVE + "/hello/1/stdout\"", "href=\"/process/" + ACTIVE + "/hello\"",
        "href=\"/rawtask/" + ACTIVE + "\"");
    assertThat(page).doesNotContain("<script>");
    assertThat(page).contains("<h2>Resources</h2>", "128.0 MiB", "1.0 GiB", "in the sandbox");

    String done = ok("/task/" + DONE);
    assertThat(done).contains("SUCCESS");

    String corrupt = ok("/task/" + CORRUPT);
    assertThat(corrupt).contains("cannot be read", "line 3", "href=\"/checkpoint/" + CORRUPT + "\"");
    // Quotes in text need no escaping (jte escapes them in attributes only); '<' and '&' always are.
    assertThat(ok("/checkpoint/" + CORRUPT)).contains("garbage in the middle", "\"type\":\"header\"");

    assertThat(ok("/task/" + TORN)).contains("incomplete");
    HttpResponse<String> missing = get("/task/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("No task");
  }

  @Test
  void processPageShowsEveryRunEscaped() throws Exception {
    String page = ok("/process/" + ACTIVE + "/hello");
    assertThat(page).contains("4250", "4260", "FAILED", "RUNNING", "<pre>echo hello</pre>",
        "exit code 3 &lt;script&gt;alert(1)&lt;/script&gt;", "href=\"/logs/" + ACTIVE + "/hello/0/stderr\"");
    assertThat(page).doesNotContain("<script>");
    assertThat(ok("/process/" + ACTIVE + "/sidecar")).contains("not started");
    assertThat(get("/process/" + ACTIVE + "/nope").body()).contains("has no process 'nope'", "hello, sidecar");
  }

  @Test
  void rawTaskShowsTheBoundConfig() throws Exception {
    assertThat(ok("/rawtask/" + ACTIVE)).contains("\"cmdline\" : \"echo hello\"");
    JsonNode config = json("/rawtask/" + ACTIVE + "?format=json");
    assertThat(config.path("task").path("processes").get(1).path("name").asText()).isEqualTo("sidecar");
    assertThat(get("/rawtask/" + CORRUPT).statusCode()).isEqualTo(404);
  }

  @Test
  void logsShowTheTailAndPage() throws Exception {
    String base = "/logs/" + ACTIVE + "/hello/1/stdout";
    String tail = ok(base);
    assertThat(tail).contains("line 19999").doesNotContain("line 0\n");

    String first = ok(base + "?offset=0&length=14");
    assertThat(first).contains("<pre>line 0\nline 1\n</pre>", "Bytes 0 to 14 of " + stdout.length(),
        "href=\"" + base + "?offset=14&amp;length=14\"");
    String second = ok(base + "?offset=14&length=14");
    assertThat(second).contains("<pre>line 2\nline 3\n</pre>", "href=\"" + base + "?offset=0&amp;length=14\"");

    assertThat(ok("/logs/" + ACTIVE + "/hello/1/stderr")).contains("oops &lt;b&gt;bold&lt;/b&gt;",
        "href=\"/download/" + ACTIVE + "/.logs/hello/1/stderr\"",
        "older output: <a href=\"/file/" + ACTIVE + "/.logs/hello/1/stderr.1\">stderr.1</a>");
    assertThat(ok("/file/" + ACTIVE + "/.logs/hello/1/stderr.1")).contains("rotated earlier");
    assertThat(ok("/logs/" + ACTIVE + "/hello/0/stdout")).contains("first run")
        .doesNotContain("follow"); // run 0 is over: nothing to follow
    assertThat(tail).contains("href=\"" + base + "?length=65536&amp;follow=1#end\"")
        .doesNotContain("http-equiv=\"refresh\"");
    assertThat(ok(base + "?follow=1")).contains("<meta http-equiv=\"refresh\" content=\"5\">", "stop following");

    assertThat(get(base + "?offset=-5").statusCode()).isEqualTo(400);
    assertThat(get(base + "?offset=abc").body()).contains("whole number");
    assertThat(get(base + "?length=0").statusCode()).isEqualTo(400);
    assertThat(get("/logs/" + ACTIVE + "/hello/7/stdout").statusCode()).isEqualTo(404);
    assertThat(get("/logs/" + ACTIVE + "/hello/1/passwd").statusCode()).isEqualTo(404);
    assertThat(get("/logs/" + ACTIVE + "/hello/x/stdout").statusCode()).isEqualTo(400);
    assertThat(get("/logs/" + DONE + "/hello/0/stdout").body()).contains("No stdout log");
  }

  @Test
  void jsonApi() throws Exception {
    JsonNode ids = json("/j/task_ids");
    assertThat(ids.path("active").toString()).contains(ACTIVE, TORN).doesNotContain(DONE);
    assertThat(ids.path("finished").toString()).contains(DONE);
    assertThat(ids.path("unreadable").toString()).contains(CORRUPT);

    JsonNode page = json("/j/task_ids/all/1/2");
    assertThat(page.path("type").asText()).isEqualTo("all");
    assertThat(page.path("offset").asInt()).isEqualTo(1);
    assertThat(page.path("task_ids")).hasSize(2);
    assertThat(json("/j/task_id_count").path("active").asInt()).isEqualTo(2);

    JsonNode task = json("/j/task/" + ACTIVE);
    assertThat(task.path("task_id").asText()).isEqualTo(ACTIVE);
    assertThat(task.path("status").asText()).isEqualTo("ACTIVE");
    assertThat(task.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(task.path("role").asText()).isEqualTo("www-data");
    assertThat(task.path("instance").asInt()).isEqualTo(0);
    assertThat(task.path("ports").path("http").asInt()).isEqualTo(31000);
    assertThat(task.path("launch_time_ms").asLong()).isEqualTo(T0);
    assertThat(task.path("state_history").get(0).path("state").asText()).isEqualTo("ACTIVE");
    JsonNode hello = task.path("processes").path("hello");
    assertThat(hello.path("state").asText()).isEqualTo("RUNNING");
    assertThat(hello.path("pid").asLong()).isEqualTo(4260);
    assertThat(hello.path("process_run").asInt()).isEqualTo(1);
    assertThat(hello.path("runs").asInt()).isEqualTo(2);
    assertThat(task.path("processes").path("sidecar").path("runs").asInt()).isZero();
    assertThat(task.has("error")).isFalse();
    JsonNode resources = task.path("resources");
    assertThat(resources.path("allocated").path("cpu").asDouble()).isEqualTo(0.5);
    assertThat(resources.path("allocated").path("ram_bytes").asLong()).isEqualTo(128L << 20);
    assertThat(resources.path("used").path("disk_bytes").asLong()).isGreaterThan(stdout.length());
    // pid 4260 in the checkpoint is not a process this test started: never sampled as ours
    assertThat(resources.path("used").path("processes")).isEmpty();

    JsonNode corrupt = json("/j/task/" + CORRUPT);
    assertThat(corrupt.path("status").asText()).isEqualTo("UNREADABLE");
    assertThat(corrupt.path("error").asText()).contains("line 3");

    JsonNode several = json("/j/task?task_id=" + ACTIVE + "," + DONE + ",unknown");
    assertThat(several.fieldNames()).toIterable().containsExactlyInAnyOrder(ACTIVE, DONE);

    JsonNode process = json("/j/process/" + ACTIVE + "/hello");
    assertThat(process.path("process_run").asInt()).isEqualTo(1);
    assertThat(process.path("runs")).hasSize(2);
    JsonNode run0 = json("/j/process/" + ACTIVE + "/hello/0");
    assertThat(run0.path("state").asText()).isEqualTo("FAILED");
    assertThat(run0.path("return_code").asInt()).isEqualTo(3);
    assertThat(run0.path("pid").asLong()).isEqualTo(4250);
    assertThat(run0.path("stop_time_ms").asLong()).isEqualTo(T0 + 3000);

    HttpResponse<String> missing = get("/j/task/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).path("error").asText()).contains("No task 'nope'");
  }

  @Test
  void sandboxBrowsingAndFiles() throws Exception {
    String listing = ok("/browse/" + ACTIVE);
    assertThat(listing).contains(".logs/", "data.txt", "dir/", "etc-link", "leading outside the sandbox",
        "href=\"/file/" + ACTIVE + "/data.txt\"", "href=\"/download/" + ACTIVE + "/data.txt\"");
    assertThat(listing).doesNotContain("href=\"/browse/" + ACTIVE + "/etc-link\"");
    assertThat(ok("/browse/" + ACTIVE + "/dir/sub"))
        .contains("x &lt;y&gt;.txt", "/file/" + ACTIVE + "/dir/sub/x%20%3Cy%3E.txt");
    assertThat(ok("/file/" + ACTIVE + "/dir/sub/x%20%3Cy%3E.txt")).contains("escaped name");
    assertThat(ok("/browse/" + ACTIVE + "/.logs/hello/1")).contains("stdout", "stderr");

    assertThat(ok("/file/" + ACTIVE + "/data.txt")).contains("<pre>0123456789abcdef</pre>");
    assertThat(ok("/file/" + ACTIVE + "/data.txt?offset=4&length=3")).contains("<pre>456</pre>");
    assertThat(ok("/file/" + ACTIVE + "/data-link")).contains("0123456789abcdef");
    HttpResponse<String> download = get("/download/" + ACTIVE + "/data.txt");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo("0123456789abcdef");
    assertThat(download.headers().firstValue("content-type")).hasValue("application/octet-stream");

    HttpResponse<String> fileToBrowse = get("/file/" + ACTIVE + "/dir");
    assertThat(fileToBrowse.statusCode()).isEqualTo(302);
    assertThat(fileToBrowse.headers().firstValue("location").orElseThrow()).endsWith("/browse/" + ACTIVE + "/dir");
    assertThat(get("/browse/" + ACTIVE + "/data.txt").statusCode()).isEqualTo(302);
    assertThat(get("/file/" + ACTIVE + "/missing.txt").statusCode()).isEqualTo(404);
  }

  /** Opening a FIFO for reading would wait for a writer: the page would never come. */
  @Test
  void aFifoIsListedButNeverOpened() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      assertThat(ok("/browse/" + ACTIVE)).contains("pipe", "not a regular file");
      for (String page : List.of("file", "download")) {
        HttpResponse<String> r = get("/" + page + "/" + ACTIVE + "/pipe");
        assertThat(r.statusCode()).as(page).isEqualTo(403);
        assertThat(r.body()).as(page).contains("'pipe' is not a regular file");
      }
    });
  }

  @Test
  void theSandboxBrowserNeverLeavesTheSandbox() throws Exception {
    List<String> attacks = List.of(
        "/file/" + ACTIVE + "/../../../../../../etc/passwd",
        "/download/" + ACTIVE + "/../../../../../../etc/passwd",
        "/browse/" + ACTIVE + "/../../../../../..",
        "/file/" + ACTIVE + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/file/" + ACTIVE + "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/download/" + ACTIVE + "/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/file/" + ACTIVE + "/%2Fetc%2Fpasswd",
        "/file/" + ACTIVE + "//etc/passwd",
        "/download/" + ACTIVE + "//etc/passwd",
        "/file/" + ACTIVE + "/etc-link/passwd",
        "/download/" + ACTIVE + "/etc-link/passwd",
        "/browse/" + ACTIVE + "/etc-link",
        "/file/" + ACTIVE + "/passwd-link",
        "/download/" + ACTIVE + "/passwd-link",
        "/browse/" + ACTIVE + "/up",
        "/browse/" + ACTIVE + "/up/checkpoints",
        "/download/" + ACTIVE + "/up/checkpoints/" + ACTIVE + ".ckpt",
        "/file/" + ACTIVE + "/.logs/../../checkpoints/" + ACTIVE + ".ckpt",
        "/logs/" + ACTIVE + "/..%2f..%2f..%2fetc/1/stdout",
        "/file/" + ACTIVE + "/data.txt%00.png");
    String passwd = Files.readString(Path.of("/etc/passwd"));
    String firstPasswdLine = passwd.lines().findFirst().orElseThrow();
    for (String attack : attacks) {
      String response = observer.raw(attack);
      String status = response.lines().findFirst().orElse("");
      assertThat(status).as(attack).matches("HTTP/1\\.1 (400|403|404) .*");
      assertThat(response).as(attack).doesNotContain(firstPasswdLine).doesNotContain("\"type\":\"header\"");
    }
    // Our own refusals explain themselves.
    assertThat(get("/file/" + ACTIVE + "/etc-link/passwd").body()).contains("outside the task's sandbox");
    assertThat(get("/browse/" + ACTIVE + "/up").statusCode()).isEqualTo(403);
  }

  @Test
  void pathsAreDecodedSegmentBySegmentAndPlusIsNotASpace() throws Exception {
    assertThat(ok("/file/" + ACTIVE + "/a+b%20c.txt")).contains("plus stays plus");
    assertThat(ok("/browse/" + ACTIVE)).contains("href=\"/file/" + ACTIVE + "/a%2Bb%20c.txt\"");
    assertThat(get("/file/" + ACTIVE + "/a%20b%20c.txt").statusCode()).isEqualTo(404);
    // Jetty refuses an encoded '/' or '..' before any route sees it: neither can name another file.
    for (String ambiguous : List.of("/file/" + ACTIVE + "/dir%2Fsub%2Fx%20%3Cy%3E.txt",
        "/file/" + ACTIVE + "/dir/%2e%2e/data.txt", "/download/" + ACTIVE + "/%2E%2E/%2E%2E/checkpoints")) {
      assertThat(observer.raw(ambiguous).lines().findFirst().orElse("")).as(ambiguous).startsWith("HTTP/1.1 400 ");
    }
  }

  @Test
  void everyAnswerForbidsScriptsSniffingAndCaching() throws Exception {
    for (String path : List.of("/", "/task/" + ACTIVE, "/j/task_ids", "/no/such/page", "/j/nope",
        "/download/" + ACTIVE + "/data.txt", "/file/" + ACTIVE + "/etc-link/passwd")) {
      HttpResponse<String> r = get(path);
      assertThat(r.headers().firstValue("content-security-policy")).as(path)
          .hasValue("default-src 'none'; style-src 'unsafe-inline'");
      assertThat(r.headers().firstValue("x-content-type-options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("cache-control")).as(path).hasValue("no-store");
    }
  }

  @Test
  void errorsAreJsonUnderJAndPagesElsewhere() throws Exception {
    HttpResponse<String> json = get("/j/process/" + ACTIVE + "/nope");
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(json.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    assertThat(JSON.readTree(json.body()).path("error").asText()).contains("has no process 'nope'");
    HttpResponse<String> noRoute = get("/j/nope");
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(noRoute.body()).path("error").asText()).contains("/j/nope");

    HttpResponse<String> page = get("/no/such/page");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("<h1>Error 404</h1>", "/no/such/page", "Start at / for the list of tasks");
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<String> post = observer.send(HttpRequest.newBuilder(observer.uri("/health"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    assertThat(post.body()).contains("POST is not allowed on /health");
    HttpResponse<String> head = observer.send(HttpRequest.newBuilder(observer.uri("/download/" + ACTIVE + "/data.txt"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("content-length")).hasValue("16");
  }

  @Test
  void tasksThatAppearAfterStartAreFoundByPolling() throws Exception {
    String late = "www-data-prod-late-0-5555";
    assertThat(json("/j/task_ids").toString()).doesNotContain(late);
    Path run = work.runDirectory(late);
    try (CheckpointWriter w = work.start(run, late, "late", 0, List.of("hello"))) {
      FakeWorkDir.process(w, "hello", 0, ProcessState.RUNNING, T0 + 5, 99L, null, null);
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(json("/j/task_ids").path("active").toString()).contains(late));
    assertThat(ok("/task/" + late)).contains("RUNNING");
  }
}
