package io.github.auroradist.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;

/** One request and its answer: path variables, query, a bounded body, and the ways to reply. */
public final class Exchange {
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final Map<String, String> params;
  private Fields query;

  public Exchange(Request request, Response response, Callback callback, Map<String, String> params) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.params = Map.copyOf(params);
  }

  public Request request() {
    return request;
  }

  public Response response() {
    return response;
  }

  public Callback callback() {
    return callback;
  }

  public String method() {
    return request.getMethod();
  }

  /** The decoded path within the server's context, for messages; routes read {@link #param}. */
  public String path() {
    return URIUtil.decodePath(Request.getPathInContext(request));
  }

  /** A path variable of the matched template; a route asks only for variables its template has. */
  public String param(String name) {
    String value = params.get(name);
    if (value == null) {
      throw new IllegalStateException("the route's template has no variable {" + name + "}");
    }
    return value;
  }

  /** A query parameter's first value, or null when it is missing or empty. */
  public String query(String name) {
    List<String> values = queryValues(name);
    String v = values.isEmpty() ? null : values.get(0);
    return v == null || v.isEmpty() ? null : v;
  }

  /** Every value of a query parameter, in order. */
  public List<String> queryValues(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    List<String> values = query.getValues(name);
    return values == null ? List.of() : values;
  }

  /** A request header, or null. */
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /**
   * Reads and drops what is left of the request body, at most {@code maxBytes} of it, so that an answer sent
   * without reading it (a 404, a 405, a refusal) reaches a client that is still sending.
   *
   * @return whether the whole body was read (else the connection cannot carry another request)
   */
  public boolean discardBody(long maxBytes) {
    if (request.getLength() > maxBytes) {
      return false;
    }
    try {
      // Not closed: closing a stream that is not at its end fails the request's content.
      InputStream in = Content.Source.asInputStream(request);
      byte[] buffer = new byte[8192];
      long left = maxBytes + 1;
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
        left -= n;
      }
      return left > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The request body, at most {@code maxBytes} of it.
   *
   * @throws HttpError 413 naming the limit when the body is longer
   */
  public byte[] bodyBytes(int maxBytes) throws IOException {
    long declared = request.getLength();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return body;
    }
  }

  /**
   * The request body as UTF-8 text, at most {@code maxBytes} long.
   *
   * @throws HttpError 413 when it is longer, 400 naming the byte where it is not valid UTF-8
   */
  public String body(int maxBytes) throws IOException {
    byte[] bytes = bodyBytes(maxBytes);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (MalformedInputException e) {
      throw HttpError.badRequest("body: not valid UTF-8 (" + e.getInputLength() + " bad byte(s) near byte "
          + firstInvalidUtf8(bytes) + "); send the body encoded as UTF-8");
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("body: not valid UTF-8; send the body encoded as UTF-8");
    }
  }

  private static int firstInvalidUtf8(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    var out = java.nio.CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  /** The one refusal of a body over {@code maxBytes}, whether a route or the router finds it. */
  static HttpError tooLarge(long maxBytes) {
    return new HttpError(413, "body: longer than " + maxBytes + " bytes, the most this server accepts");
  }

  /** Sets a response header. */
  public Exchange header(String name, String value) {
    response.getHeaders().put(name, value);
    return this;
  }

  public boolean committed() {
    return response.isCommitted();
  }

  public void send(int status, String contentType, byte[] body) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  public void send(int status, String contentType, String body) {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  public void text(int status, String body) {
    send(status, "text/plain; charset=utf-8", body);
  }

  public void html(int status, String body) {
    send(status, "text/html; charset=utf-8", body);
  }

  /** Sends JSON the server already wrote (each server has its own mapper). */
  public void json(int status, String json) {
    json(status, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends JSON the server already wrote as UTF-8 bytes (large answers need no String on the way). */
  public void json(int status, byte[] json) {
    send(status, "application/json; charset=utf-8", json);
  }

  /** An answer without a body. */
  public void empty(int status) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
    response.write(true, null, callback);
  }

  /** A redirect to {@code location} (302 for pages, as browsers expect). */
  public void redirect(String location) {
    Response.sendRedirect(request, response, callback, location);
  }
}
