package io.github.auroradist.http;

import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jetty handler that answers every request from a {@link Routes} table: 404 when no template
 * matches, 405 with {@code Allow} when the method does not, and any exception a route throws turned
 * into an answer by the server's {@link FailureReply} ({@link HttpError} keeps its status,
 * {@link IllegalArgumentException} is a 400, a connection closed under the request a 503, anything else a logged
 * 500).
 */
public final class RoutingHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingHandler.class);

  /** Runs before a matched route; may answer the request itself (a redirect, say) and return true. */
  @FunctionalInterface
  public interface Interceptor {
    boolean intercept(Exchange exchange) throws Exception;
  }

  private final Routes routes;
  private final FailureReply failures;
  private final long maxBodyBytes;
  private final Interceptor before;

  /**
   * @param maxBodyBytes the largest request body this server takes: a longer declared one is answered 413 whatever
   *     the route, and a body no route read (a 404, a 405, a refusal before reading) is read off up to this size so
   *     the answer reaches the client
   */
  public RoutingHandler(Routes routes, FailureReply failures, long maxBodyBytes) {
    this(routes, failures, maxBodyBytes, x -> false);
  }

  public RoutingHandler(Routes routes, FailureReply failures, long maxBodyBytes, Interceptor before) {
    this.routes = routes;
    this.failures = failures;
    this.maxBodyBytes = maxBodyBytes;
    this.before = before;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    Optional<Routes.Match> match = routes.match(request.getMethod(), path);
    Exchange x = new Exchange(request, response, callback, match.map(Routes.Match::params).orElse(Map.of()));
    try {
      if (request.getLength() > maxBodyBytes) {
        throw Exchange.tooLarge(maxBodyBytes);
      } else if (match.isEmpty()) {
        fail(x, 404, "no such page: " + x.path(), null);
      } else if (!match.get().found()) {
        fail(x, 405, request.getMethod() + " is not allowed on " + x.path() + "; use "
            + String.join(" or ", match.get().allowed()), null);
      } else {
        discardUnreadBody(x);
        if (!before.intercept(x)) {
          match.get().route().handle(x);
        }
      }
    } catch (HttpError e) {
      fail(x, e.status(), e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      fail(x, 400, e.getMessage(), e);
    } catch (EofException e) {
      // The connection was closed under the request: this server is stopping (a scheduler that lost leadership
      // closes its connections), or the client went away. Nothing went wrong in the route; the client may retry.
      LOG.info("{} {}: the connection closed while it was handled ({})", request.getMethod(), request.getHttpURI(),
          e.toString());
      fail(x, 503, "the connection closed while this request was handled (the server is stopping); retry", e);
    } catch (Exception e) {
      LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI(), e);
      fail(x, 500, "internal error: " + e, e);
    }
    return true;
  }

  /**
   * A GET or HEAD route never reads a body, and Jetty resets a connection closed with unread data under the answer,
   * which cuts off a long one; so a body sent with them is read off first, or the connection marked to close.
   */
  private void discardUnreadBody(Exchange x) {
    String method = x.method();
    if ((method.equals("GET") || method.equals("HEAD")) && x.request().getLength() != 0
        && !x.discardBody(maxBodyBytes)) {
      x.header(HttpHeader.CONNECTION.asString(), "close");
    }
  }

  private void fail(Exchange x, int status, String message, Throwable cause) {
    if (x.committed()) {
      x.callback().failed(cause != null ? cause : new IllegalStateException(message));
      return;
    }
    // Drop what a half-built answer set (a download's Content-Length, say) before the error.
    x.response().reset();
    if (status == 413) {
      // Read off a body not much over the limit before refusing it, so that the refusal reaches a client still
      // sending (closing with unread data resets the connection under the answer); a longer one is left unread.
      x.discardBody(2 * maxBodyBytes);
      x.header(HttpHeader.CONNECTION.asString(), "close");
    } else if (!x.discardBody(maxBodyBytes)) {
      // The body was left unread, so this connection cannot carry another request; say so, or a
      // client that pools connections sends its next request into a socket the server is closing.
      x.header(HttpHeader.CONNECTION.asString(), "close");
    }
    if (status == 405) {
      Routes.Match match = routes.match(x.method(), Request.getPathInContext(x.request())).orElseThrow();
      x.header(HttpHeader.ALLOW.asString(), String.join(", ", match.allowed()));
    }
    try {
      failures.reply(x, status, message, cause);
    } catch (RuntimeException e) {
      LOG.warn("answering {} {} with {} failed", x.method(), x.path(), status, e);
      x.callback().failed(e);
    }
  }
}
