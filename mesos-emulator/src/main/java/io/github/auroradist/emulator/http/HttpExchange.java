package io.github.auroradist.emulator.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small helpers around Jetty core requests and responses. */
public final class HttpExchange {
  private HttpExchange() {}

  public static byte[] body(Request request) throws IOException {
    ByteBuffer buffer = Content.Source.asByteBuffer(request);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  public static String path(Request request) {
    return Request.getPathInContext(request);
  }

  /** Answers with a plain-text body; Mesos answers errors this way. */
  public static boolean text(Response response, Callback callback, int status, String body) {
    return bytes(response, callback, status, "text/plain; charset=utf-8",
        body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  public static boolean json(Response response, Callback callback, int status, String json) {
    return bytes(response, callback, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  public static boolean bytes(Response response, Callback callback, int status, String contentType,
      byte[] body) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  public static boolean empty(Response response, Callback callback, int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
    return true;
  }
}
