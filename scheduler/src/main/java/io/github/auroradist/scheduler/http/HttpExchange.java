package io.github.auroradist.scheduler.http;

import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One request and its response, with the few helpers the routes need. */
public final class HttpExchange {
  public final Request request;
  public final Response response;
  public final Callback callback;
  public final List<String> pathParams;
  private Fields query;

  HttpExchange(Request request, Response response, Callback callback, List<String> pathParams) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.pathParams = pathParams;
  }

  public String path(int i) {
    return pathParams.get(i);
  }

  /** A query parameter, or null. */
  public String query(String name) {
    if (query == null) {
      query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    }
    String v = query.getValue(name);
    return v == null || v.isEmpty() ? null : v;
  }

  public String body() throws IOException {
    return Content.Source.asString(request, StandardCharsets.UTF_8);
  }

  public void send(int status, String contentType, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    Content.Sink.write(response, true, body, callback);
  }

  public void json(int status, Object value) {
    send(status, "application/json; charset=utf-8", ModelJson.write(value));
  }

  public void text(int status, String body) {
    send(status, "text/plain; charset=utf-8", body);
  }

  public void html(int status, String body) {
    send(status, "text/html; charset=utf-8", body);
  }

  public void redirect(String location) {
    Response.sendRedirect(request, response, callback, location);
  }
}
