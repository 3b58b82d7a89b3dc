package io.github.auroradist.emulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.http.ProtoJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts a JSON document and returns status and body: the whole agent<->master transport. */
public final class JsonPost {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

  public record Reply(int status, String body) {
    public boolean ok() {
      return status / 100 == 2;
    }

    public JsonNode json() throws IOException {
      return ProtoJson.MAPPER.readTree(body);
    }
  }

  private JsonPost() {}

  public static Reply post(URI base, String path, JsonNode document) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(ProtoJson.MAPPER.writeValueAsString(document)))
        .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body());
  }
}
