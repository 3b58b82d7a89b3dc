package io.github.auroradist.scheduler.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * One write sent over the scheduler's HTTP API as a client sends it (to any scheduler, following its 307 to the
 * leader), and what came of it: acknowledged (2xx) or not, and whether a refusal was a clear one.
 */
record Call(int status, String body, String outcome, boolean acknowledged, boolean clear) {
  /** Refusals a client may get while faults go on: a status, and the error code its JSON body must carry. */
  private static final Set<String> EXPECTED_REFUSALS = Set.of("503 NOT_LEADER", "409 UPDATE_CONFLICT");
  /**
   * Refusals of a restart or an update that find an instance (or every instance of a one-instance job) between its
   * old task's end and its new one while an update replaces it: a 400 or 404 whose message says the job "has no
   * active" instance or tasks ("instances: job R/E/N has no active instance 0", "job R/E/N has no active tasks to
   * restart", "job R/E/N does not exist (it has no active instances)").
   */
  private static final String MID_REPLACEMENT = "has no active ";

  static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * Sends {@code json} to scheduler port {@code port}; gives up after {@code timeout} (a scheduler on a full disk or
   * under SIGSTOP may hold a request: that write is unacknowledged, not lost).
   */
  static Call send(HttpClient client, int port, String method, String path, String json, Duration timeout)
      throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return answered(r.statusCode(), r.body());
    } catch (HttpTimeoutException e) {
      return new Call(0, "", "no answer within " + timeout.toSeconds() + " s (unacknowledged)", false, true);
    } catch (ConnectException e) {
      return new Call(0, "", "connection refused (scheduler down)", false, true);
    } catch (IOException e) {
      // The scheduler died or was stopped while it held the connection.
      return new Call(0, "", "connection failed: " + e, false, true);
    }
  }

  static Call answered(int status, String body) {
    if (status / 100 == 2) {
      return new Call(status, body, String.valueOf(status), true, true);
    }
    String code = "";
    String message = "";
    try {
      JsonNode json = ModelJson.mapper().readTree(body);
      code = json.path("code").asText("");
      message = json.path("message").asText("");
    } catch (IOException | RuntimeException e) {
      // not JSON: not a clear error
    }
    String refusal = status + " " + code;
    boolean clear = !message.isBlank() && (EXPECTED_REFUSALS.contains(refusal) || status == 503
        || (Set.of("400 INVALID_REQUEST", "404 NOT_FOUND").contains(refusal) && message.contains(MID_REPLACEMENT)));
    String text = status + " " + (code.isEmpty() && message.isEmpty() ? "body: '" + abbreviate(body) + "'"
        : code + ": " + abbreviate(message));
    return new Call(status, body, text, false, clear);
  }

  JsonNode json() {
    try {
      return ModelJson.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
