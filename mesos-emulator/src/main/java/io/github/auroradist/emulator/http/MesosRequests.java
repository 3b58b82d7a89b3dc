package io.github.auroradist.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * What the scheduler and executor endpoints (and the agent protocol) share: reading a call the way
 * Mesos checks it, with Mesos's status codes, and turning an answer into an event stream.
 */
public final class MesosRequests {
  /** The most a request body may hold: an ACCEPT launching many tasks, an agent registering with all of its. */
  public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private MesosRequests() {}

  /** The call's encoding, from Content-Type; 415 otherwise. */
  public static MesosContentType contentType(Exchange x) {
    String header = x.header(HttpHeader.CONTENT_TYPE.asString());
    MesosContentType type = MesosContentType.fromHeader(header);
    if (type == null) {
      throw new HttpError(415, "Expecting 'Content-Type' of application/json or application/x-protobuf, got '"
          + header + "'");
    }
    return type;
  }

  public static byte[] body(Exchange x) throws IOException {
    return x.bodyBytes(MAX_BODY_BYTES);
  }

  /** Decodes a call; 400 when the body is not one. */
  public static <T extends Message> T decode(MesosContentType type, byte[] body, T prototype) {
    try {
      return type.decode(body, prototype);
    } catch (IOException | RuntimeException e) {
      throw HttpError.badRequest("Failed to parse body into Call protobuf: " + e.getMessage());
    }
  }

  /** The encoding of events the Accept header allows (JSON when it names none); null when it allows neither. */
  public static MesosContentType accepted(String accept) {
    if (accept == null || accept.isBlank() || accept.contains("*/*") || accept.contains("application/json")) {
      return MesosContentType.JSON;
    }
    if (accept.contains("application/x-protobuf")) {
      return MesosContentType.PROTOBUF;
    }
    return null;
  }

  public static HttpError notAcceptable(String accept) {
    return new HttpError(406, "Expecting 'Accept' to allow application/json or application/x-protobuf, got '"
        + accept + "'");
  }

  /**
   * Answers 200 with the headers and streams RecordIO records from then on: the route returns, the
   * stream ends the exchange when it closes.
   */
  public static EventStream stream(Exchange x, String name, Map<String, String> headers) {
    x.response().setStatus(200);
    headers.forEach(x::header);
    x.header(HttpHeader.CACHE_CONTROL.asString(), "no-cache");
    return EventStream.start(name, x.request(), x.response(), x.callback());
  }

  /** A body of the emulator's agent protocol: a JSON object; 400 otherwise. */
  public static JsonNode jsonObject(Exchange x) throws IOException {
    JsonNode body;
    try {
      body = ProtoJson.MAPPER.readTree(body(x));
    } catch (IOException e) {
      throw HttpError.badRequest("agent protocol bodies are JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw HttpError.badRequest("agent protocol bodies are JSON objects");
    }
    return body;
  }
}
