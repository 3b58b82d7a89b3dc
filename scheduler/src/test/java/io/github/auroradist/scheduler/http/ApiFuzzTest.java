package io.github.auroradist.scheduler.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.common.http.PathSegments;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.emulator.testing.EmulatorCluster;
import io.github.auroradist.scheduler.Scheduler;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.testing.Directories;
import io.github.auroradist.scheduler.testing.SchedulerOnMesos;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input against every route (GET and POST alike, from the scheduler's own route table) of a real scheduler
 * on the Mesos emulator: random bytes, broken JSON, huge and fractional numbers, deep nesting, long strings, bad
 * ranges, wrong content types and methods, oversized headers. Every request is answered within {@link #BOUND},
 * never with a 5xx; a refused request (and any read) leaves the stored state exactly as it was (the store's own
 * snapshot, compared before and after); and {@code /health} stays OK. A failure prints jqwik's seed to replay it.
 */
class ApiFuzzTest {
  /** How long any answer may take; far above a normal answer, even on a loaded two-core machine. */
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final String ROLE = System.getProperty("user.name");
  private static final Set<ScheduleStatus> SETTLED = EnumSet.of(ScheduleStatus.RUNNING, ScheduleStatus.FINISHED,
      ScheduleStatus.FAILED, ScheduleStatus.KILLED, ScheduleStatus.LOST);

  private static Path dir;
  private static SchedulerOnMesos rig;
  private static HttpClient client;

  /** A request to send: what jqwik generates and prints (the body shortened) when a property fails. */
  @SuppressWarnings("ArrayRecordComponent") // the body is made once and only read
  record FuzzRequest(String method, String path, String contentType, byte[] body, boolean hugeHeader) {
    @Override
    public String toString() {
      String text = new String(body, StandardCharsets.UTF_8);
      return method + " " + (path.length() > 200 ? path.substring(0, 200) + "..." : path) + " [" + contentType
          + (hugeHeader ? ", 20 KiB header" : "") + "] " + body.length + " bytes: "
          + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
  }

  @BeforeContainer
  static void start() throws Exception {
    dir = Files.createTempDirectory("api-fuzz");
    rig = SchedulerOnMesos.start(dir, EmulatorCluster.builder(dir.resolve("mesos")).standardAgents().start(),
        // Periodic reconciliation far off: between requests the state changes only by what the requests do.
        "-reconciliation_initial_delay=1hrs");
    client = HttpClient.newBuilder().connectTimeout(BOUND).build();
    HttpResponse<String> created = client.send(HttpRequest.newBuilder(uri("/api/jobs"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(job("web"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    settle();
  }

  @AfterContainer
  static void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
    if (dir != null) {
      Directories.deleteTree(dir);
    }
  }

  @Property(tries = 300, shrinking = ShrinkingMode.OFF)
  void everyRequestIsAnsweredInTimeAndRefusalsChangeNothing(@ForAll("requests") FuzzRequest request)
      throws Exception {
    String before = storedState();
    HttpResponse<String> reply;
    try {
      reply = send(request);
    } catch (java.io.IOException e) {
      // Known gap: a body over the limit to a route that reads none (a 405 or 404) is not read, and the server
      // closes the connection while the client still sends, so the JDK client reads no answer. It must still
      // change nothing and leave the process healthy.
      assertThat(request.body().length).as("%s: no answer (%s)", request, e).isGreaterThan(JsonBodies.MAX_BODY_BYTES);
      assertThat(storedState()).as("%s changed the stored state", request).isEqualTo(before);
      assertHealthy(request);
      return;
    }
    assertThat(reply.statusCode()).as("%s answered %s", request, reply.body()).isBetween(200, 499);
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    if (reply.statusCode() >= 400 || read) {
      assertThat(storedState()).as("%s (answered %d) changed the stored state", request, reply.statusCode())
          .isEqualTo(before);
    } else {
      // A hostile request that happened to be valid (a kill of every instance, say): let its effects finish.
      settle();
    }
    assertHealthy(request);
  }

  private static void assertHealthy(FuzzRequest after) throws Exception {
    HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/health")).timeout(BOUND).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as("health after %s: %s", after, health.body()).isEqualTo(200);
  }

  private static HttpResponse<String> send(FuzzRequest r) throws Exception {
    String path = r.path().contains(TASK) ? r.path().replace(TASK, scheduler().storage().read().tasks(t -> true)
        .stream().map(t -> t.taskId()).findFirst().orElse("none")) : r.path();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(BOUND)
        .method(r.method(), r.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
    if (r.contentType() != null) {
      b.header("Content-Type", r.contentType());
    }
    if (r.hugeHeader()) {
      b.header("X-Fuzz", "h".repeat(20 * 1024));
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError(r + " was not answered within " + BOUND, e);
    }
  }

  /** Everything the scheduler stores, as its snapshot writes it. */
  private static String storedState() {
    return ModelJson.write(((InMemoryStores) scheduler().storage().read()).snapshot(0));
  }

  /** Waits until every task is RUNNING or ended, so that the state moves only by what the next request does. */
  private static void settle() {
    await().atMost(Duration.ofSeconds(90)).until(() -> scheduler().storage().read()
        .tasks(t -> !SETTLED.contains(t.status())).isEmpty());
  }

  private static Scheduler scheduler() {
    return rig.scheduler();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + scheduler().httpPort() + path);
  }

  private static String job(String name) {
    return """
        {"key": {"role": "%s", "environment": "devel", "name": "%s"}, "instanceCount": 2,
         "taskConfig": {"isService": true, "resources": {"cpu": 0.2, "ramMb": 32, "diskMb": 16, "namedPorts": ["http"]},
           "executorConfig": {"name": "AuroraExecutor", "data": "run"}}}""".formatted(ROLE, name);
  }

  // What the generators draw from.

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
  /** Stands for the id of one of the fuzzed job's tasks, found when the request is sent. */
  private static final String TASK = "TASK-OF-THE-JOB";

  private static final List<String> HOSTILE_SEGMENTS = List.of("..", "%2e%2e", "%00", "%ff%fe", "%2F", "a%20b",
      "x".repeat(300), "-1", "99999999999", "0", "%E2%80%AE", "web", "devel");
  private static final List<String> HOSTILE_NUMBERS = List.of("1e309", "-1e309", "1E400", "1.5", "1e-300", "-0.0",
      "99999999999999999999", "2147483648", "-2147483649", "-1", "0", "1e9", "NaN", "Infinity", "\"Infinity\"",
      "\"1\"", "0x10", "01", "1000000000");
  private static final List<String> HOSTILE_RANGES = List.of("5-1", "0-2147483647", "-1", "a", "", ",,", "1-",
      "-", "1--2", "0-99999,5-1", "99999-100000", " 1 - 2 ", "1,".repeat(1_001), "٣");
  private static final List<String> QUERY_NAMES = List.of("role", "environment", "name", "instances", "statuses",
      "hosts", "taskIds", "user");
  /** Request bodies with a {@code %N} where a hostile number goes. */
  private static final List<String> NUMBER_BODIES = List.of("{\"count\": %N}", "{\"count\": 1, \"fromInstance\": %N}",
      "{\"instances\": [%N]}", "{\"cpu\": %N, \"ramMb\": %N, \"diskMb\": 1}",
      "{\"type\": \"EXPLICIT\", \"batchSize\": %N}",
      "{\"limit\": %N, \"statuses\": [\"RUNNING\"]}", "{\"hosts\": [\"h\"], \"timeoutSecs\": %N}",
      job("n").replace("\"instanceCount\": 2", "\"instanceCount\": %N"),
      job("n").replace("\"cpu\": 0.2", "\"cpu\": %N"), job("n").replace("\"ramMb\": 32", "\"ramMb\": %N"),
      "{\"job\": " + job("n").replace("\"diskMb\": 16", "\"diskMb\": %N")
          + ", \"settings\": {\"updateGroupSize\": %N}}");
  /** Bodies a caller could mean; the generators break them. */
  private static final List<String> SAMPLES = List.of(job("web"), "{\"instances\": [0], \"message\": \"why\"}",
      "{\"count\": 1}", "{\"hosts\": [\"nowhere\"]}", "{\"message\": \"m\"}",
      "{\"cpu\": 1, \"ramMb\": 1, \"diskMb\": 1}",
      "{\"role\": \"r\", \"environment\": \"e\", \"name\": \"n\"}", "{\"type\": \"EXPLICIT\"}",
      "{\"backup\": \"none.json\"}");

  @Provide
  Arbitrary<FuzzRequest> requests() {
    RouteTable table = new RouteTable();
    // The route table as the server builds it; the routes' dependencies are not needed to list them.
    new ProcessRoutes(null, null, null).addTo(table);
    new ApiRoutes(null, null).addTo(table);
    new UiRoutes(null).addTo(table);
    List<RouteTable.Endpoint> endpoints = table.endpoints();
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
        .injectNull(0.8);
    Arbitrary<String> contentType = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just("application/json")),
        Tuple.of(3, Arbitraries.of("text/plain", "application/json; charset=iso-8859-1",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-8",
            "*/*"))).injectNull(0.1);
    return Combinators.combine(Arbitraries.of(endpoints), method, segments().list().ofSize(5), query(), contentType,
            bodies(), Arbitraries.integers().between(0, 49))
        .as((endpoint, otherMethod, segments, query, type, body, dice) -> new FuzzRequest(
            otherMethod != null ? otherMethod : endpoint.method(), path(endpoint.template(), segments) + query, type,
            body, dice == 0));
  }

  /** The template with each variable replaced by a drawn segment; {@code ~} draws the fuzzed job's own part. */
  private static String path(String template, List<String> segments) {
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (m.find()) {
      String segment = segments.get(i++ % segments.size());
      if (segment.equals("~")) {
        segment = switch (m.group(1)) {
          case "role" -> ROLE;
          case "env" -> "devel";
          case "name" -> "web";
          case "instance" -> "0";
          case "taskId" -> TASK;
          default -> "1";
        };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(segment));
    }
    return m.appendTail(out).toString();
  }

  private static Arbitrary<String> segments() {
    return Arbitraries.oneOf(Arbitraries.just("~"), Arbitraries.just("~"), Arbitraries.of(HOSTILE_SEGMENTS),
        Arbitraries.strings().ofMaxLength(40).map(PathSegments::encode).filter(s -> !s.isEmpty()));
  }

  private static Arbitrary<String> query() {
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(HOSTILE_RANGES), Arbitraries.of(HOSTILE_SEGMENTS),
        Arbitraries.of("ACTIVE", "TERMINAL", "RUNNING,FOO", "ROLLING_FORWARD", ROLE),
        Arbitraries.strings().ofMaxLength(60));
    Arbitrary<String> pair = Combinators.combine(Arbitraries.of(QUERY_NAMES), value)
        .as((name, v) -> name + "=" + PathSegments.encode(v));
    return pair.list().ofMaxSize(4).map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
  }

  private static Arbitrary<byte[]> bodies() {
    Arbitrary<String> sample = Arbitraries.of(SAMPLES);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.just("").map(ApiFuzzTest::utf8)),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000)),
        Tuple.of(3, Arbitraries.strings().all().ofMaxLength(500).map(ApiFuzzTest::utf8)),
        // Broken JSON: a sample cut short.
        Tuple.of(4, Combinators.combine(sample, Arbitraries.integers().between(0, 999))
            .as((s, cut) -> utf8(s.substring(0, s.length() * cut / 1000)))),
        Tuple.of(6, Combinators.combine(Arbitraries.of(NUMBER_BODIES), Arbitraries.of(HOSTILE_NUMBERS))
            .as((s, n) -> utf8(s.replace("%N", n)))),
        Tuple.of(2, Arbitraries.integers().between(30, 200_000)
            .map(d -> utf8("[".repeat(d) + "]".repeat(d)))),
        Tuple.of(1, Arbitraries.integers().between(30, 50_000)
            .map(d -> utf8("{\"a\":".repeat(d) + "1" + "}".repeat(d)))),
        Tuple.of(3, Combinators.combine(Arbitraries.of("message", "backup", "role", "type", "instances"),
            Arbitraries.integers().between(1_000, 2_000_000))
            .as((field, n) -> utf8("{\"" + field + "\": \"" + "x".repeat(n) + "\"}"))),
        Tuple.of(4, Arbitraries.of(HOSTILE_RANGES).map(r -> utf8("{\"instances\": \"" + r + "\"}"))),
        Tuple.of(3, Combinators.combine(sample, Arbitraries.of("x", " {}", "}", "\u0000", "[]", "null"))
            .as((s, tail) -> utf8(s + tail))),
        Tuple.of(2, sample.map(s -> utf8(s + s))),
        Tuple.of(2, Arbitraries.of("{\"count\": 1, \"count\": 1}", "{\"hosts\": [], \"hosts\": []}",
            "{\"message\": \"a\", \"message\": \"a\"}").map(ApiFuzzTest::utf8)),
        Tuple.of(1, Arbitraries.of("hosts", "taskIds", "statuses", "instances")
            .map(f -> utf8("{\"" + f + "\": [" + IntStream.range(0, 20_000).mapToObj(i -> "\"h" + i + "\"")
                .collect(Collectors.joining(",")) + "]}"))),
        Tuple.of(1, Arbitraries.just(new byte[JsonBodies.MAX_BODY_BYTES + 1])));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
