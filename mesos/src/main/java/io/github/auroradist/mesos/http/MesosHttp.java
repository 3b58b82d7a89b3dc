package io.github.auroradist.mesos.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The HTTP side shared by the scheduler and executor clients: one call, or one event stream. */
public final class MesosHttp {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client;
  private final MesosContentType contentType;

  public MesosHttp(MesosContentType contentType) {
    this(contentType, false);
  }

  /**
   * @param plainHttpOnly the endpoints are always http (the executor's agent): no TLS is set up ({@link
   *     PlainHttpOnly})
   */
  public MesosHttp(MesosContentType contentType, boolean plainHttpOnly) {
    this.contentType = contentType;
    // Redirects are followed by the callers: Mesos answers 307 with a scheme-relative Location.
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10));
    this.client = (plainHttpOnly ? PlainHttpOnly.apply(builder) : builder).build();
  }

  public MesosContentType contentType() {
    return contentType;
  }

  private HttpRequest.Builder request(URI endpoint, Message call, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", contentType.mediaType())
        .header("Accept", contentType.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(contentType.encode(call)));
    headers.forEach(builder::header);
    return builder;
  }

  /** Opens a streaming SUBSCRIBE call; the caller reads and closes the body. */
  public HttpResponse<InputStream> openStream(URI endpoint, Message call, Map<String, String> headers)
      throws IOException, InterruptedException {
    return client.send(request(endpoint, call, headers).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Sends one non-streaming call and returns the whole response. */
  public HttpResponse<byte[]> call(URI endpoint, Message call, Map<String, String> headers)
      throws IOException, InterruptedException {
    return client.send(request(endpoint, call, headers).timeout(CALL_TIMEOUT).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Resolves a redirect's Location (Mesos sends {@code //host:port/path}) against the request URI. */
  public static URI redirectTarget(URI requested, HttpResponse<?> response) {
    String location = response.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException(
            "HTTP " + response.statusCode() + " redirect from " + requested + " without a Location"));
    return requested.resolve(location);
  }

  public static boolean isRedirect(int status) {
    return status == 307 || status == 308 || status == 301 || status == 302 || status == 303;
  }

  /** The body of an error response as text, for messages. */
  public static String bodyText(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8).strip();
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  /** Reads a refused streaming call's body and says what happened, for logs and listeners. */
  public static String refusal(String call, URI endpoint, HttpResponse<InputStream> response) throws IOException {
    String body;
    try (InputStream in = response.body()) {
      body = bodyText(in.readAllBytes());
    }
    return call + " to " + endpoint + " was refused with HTTP " + response.statusCode()
        + (body.isEmpty() ? "" : ": " + body);
  }

  /** Reads the RecordIO-framed events of an open stream. */
  public static <E extends Message> EventReader<E> events(HttpResponse<InputStream> response, E prototype) {
    String header = response.headers().firstValue("Content-Type").orElse("");
    MesosContentType type = MesosContentType.fromHeader(header);
    if (header.startsWith(MesosContentType.RECORDIO)) {
      type = MesosContentType.fromHeader(
          response.headers().firstValue(MesosContentType.MESSAGE_CONTENT_TYPE).orElse(""));
    }
    if (type == null) {
      throw new IllegalStateException("the event stream has an unknown content type '" + header + "'");
    }
    return new EventReader<>(response.body(), type, prototype);
  }

  /** Decodes one event per RecordIO record. */
  public static final class EventReader<E extends Message> implements AutoCloseable {
    private final InputStream body;
    private final RecordIo.Reader records;
    private final MesosContentType type;
    private final E prototype;

    EventReader(InputStream body, MesosContentType type, E prototype) {
      this.body = body;
      this.records = new RecordIo.Reader(body);
      this.type = type;
      this.prototype = prototype;
    }

    /** The next event, or null when the server ended the stream. */
    public E next() throws IOException {
      byte[] record = records.next();
      if (record == null) {
        return null;
      }
      try {
        return type.decode(record, prototype);
      } catch (InvalidProtocolBufferException e) {
        throw new IOException("undecodable event in the stream: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // Closing is how we abandon a stream; nothing to do if it was already broken.
      }
    }
  }
}
