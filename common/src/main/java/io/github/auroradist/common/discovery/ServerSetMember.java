package io.github.auroradist.common.discovery;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.json.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One member of a ZooKeeper serverset, in the JSON Aurora's clients and service discovery read:
 * {@code {"serviceEndpoint":{"host":H,"port":P},"additionalEndpoints":{"http":{...}},"status":"ALIVE"}},
 * with {@code "shard":N} for a task's announcement. Written and read only here: written with jackson-core's
 * generator (the executor announces without loading jackson-databind), in the bytes databind wrote for these
 * annotations ({@code ServerSetMemberPropertiesTest} checks that), and read with databind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServerSetMember(
    @JsonProperty("serviceEndpoint") Endpoint serviceEndpoint,
    @JsonProperty("additionalEndpoints") Map<String, Endpoint> additionalEndpoints,
    @JsonProperty("status") String status,
    @JsonProperty("shard") Integer shard) {
  public static final String ALIVE = "ALIVE";

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Endpoint(@JsonProperty("host") String host, @JsonProperty("port") int port) {
  }

  public ServerSetMember {
    additionalEndpoints = additionalEndpoints == null ? Map.of() : new TreeMap<>(additionalEndpoints);
  }

  /** A scheduler's announcement: its HTTP address as the service endpoint and as {@code http}. */
  public static ServerSetMember scheduler(String host, int httpPort) {
    return scheduler(host, httpPort, 0);
  }

  /** A scheduler's announcement with its HTTPS address as {@code https} too (none when {@code httpsPort} is 0). */
  public static ServerSetMember scheduler(String host, int httpPort, int httpsPort) {
    Endpoint http = new Endpoint(host, httpPort);
    Map<String, Endpoint> endpoints = new TreeMap<>(Map.of("http", http));
    if (httpsPort > 0) {
      endpoints.put("https", new Endpoint(host, httpsPort));
    }
    return new ServerSetMember(http, endpoints, ALIVE, null);
  }

  /** The bytes stored in the member's znode. */
  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonTrees.factory().createGenerator(out)) {
      g.writeStartObject();
      if (serviceEndpoint != null) {
        g.writeFieldName("serviceEndpoint");
        write(g, serviceEndpoint);
      }
      g.writeFieldName("additionalEndpoints");
      g.writeStartObject();
      for (Map.Entry<String, Endpoint> e : additionalEndpoints.entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
      if (status != null) {
        g.writeStringField("status", status);
      }
      if (shard != null) {
        g.writeNumberField("shard", shard);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a serverset member", e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Endpoint endpoint) throws IOException {
    if (endpoint == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    g.writeStringField("host", endpoint.host());
    g.writeNumberField("port", endpoint.port());
    g.writeEndObject();
  }

  /** databind's reader, made only when a member is read (the executor only writes). */
  private static final class Reader {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /** Reads a member's znode; empty when the data is not a serverset member. */
  public static Optional<ServerSetMember> parse(byte[] data) {
    try {
      JsonNode tree = Reader.JSON.readTree(data);
      if (tree == null || !tree.isObject()) {
        return Optional.empty();
      }
      return Optional.of(Reader.JSON.treeToValue(tree, ServerSetMember.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The {@code http} endpoint, else the service endpoint, as a URL such as {@code http://host:8081}. */
  public Optional<String> httpUrl() {
    Endpoint e = additionalEndpoints.getOrDefault("http", serviceEndpoint);
    if (e == null || e.host() == null || e.host().isBlank() || e.port() <= 0) {
      return Optional.empty();
    }
    return Optional.of("http://" + e.host() + ":" + e.port());
  }

  @Override
  public String toString() {
    return new String(toBytes(), StandardCharsets.UTF_8);
  }
}
