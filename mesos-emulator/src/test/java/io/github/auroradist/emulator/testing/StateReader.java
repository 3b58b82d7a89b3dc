package io.github.auroradist.emulator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads /state of a master or agent. */
public final class StateReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateReader() {}

  public static JsonNode state(URI base) throws Exception {
    HttpResponse<String> r = SchedulerConnection.HTTP.send(HttpRequest.newBuilder(base.resolve("/state")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("/state answered " + r.statusCode() + ": " + r.body());
    }
    return MAPPER.readTree(r.body());
  }

  public static JsonNode agent(JsonNode masterState, String agentId) {
    for (JsonNode a : masterState.path("slaves")) {
      if (a.path("id").asText().equals(agentId)) {
        return a;
      }
    }
    throw new AssertionError("no agent " + agentId + " in " + masterState.path("slaves"));
  }

  public static JsonNode framework(JsonNode masterState, String frameworkId) {
    for (JsonNode f : masterState.path("frameworks")) {
      if (f.path("id").asText().equals(frameworkId)) {
        return f;
      }
    }
    return null;
  }
}
