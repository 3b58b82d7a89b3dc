package io.github.auroradist.scheduler.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.scheduler.api.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jetty.server.Request;

/**
 * Refuses writes a web page could forge from an operator's browser: a page may POST a form or {@code text/plain}
 * without the browser asking first, but not JSON, and the browser names the page's origin. So every write must be
 * {@code application/json} (415 otherwise), and one that names a foreign {@code Origin} is refused (403). The
 * scheduler sends no CORS headers, so no page may read its answers either.
 */
final class CrossSiteCheck {
  private CrossSiteCheck() {
  }

  static boolean isWrite(Exchange x) {
    return !x.method().equals("GET") && !x.method().equals("HEAD");
  }

  /** Throws when a write does not carry JSON or comes from another site. */
  static void check(Exchange x) {
    if (!isWrite(x)) {
      return;
    }
    String type = x.header("Content-Type");
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw new ApiException(ApiException.INVALID_REQUEST, 415, x.method() + " " + x.path() + " must be sent with"
          + " Content-Type: application/json (also without a body), "
          + (type == null ? "and the request had none" : "not " + type) + "; this refuses writes forged by web pages");
    }
    String origin = x.header("Origin");
    if (origin != null) {
      String own = ownOrigin(x.request());
      if (!own.equals(normalized(origin))) {
        throw new ApiException(ApiException.AUTH_FAILED, 403, "cross-site request refused: the request comes from"
            + " the web page origin " + origin + ", not from this scheduler (" + own + ")");
      }
    }
  }

  /** scheme://host:port the request was sent to, the port left out when it is the scheme's default. */
  private static String ownOrigin(Request request) {
    return origin(request.getHttpURI().getScheme(), Request.getServerName(request), Request.getServerPort(request));
  }

  private static String normalized(String origin) {
    try {
      URI uri = new URI(origin.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return "(opaque origin " + origin + ")";
      }
      return origin(uri.getScheme(), uri.getHost(), uri.getPort());
    } catch (URISyntaxException e) {
      return "(malformed origin " + origin + ")";
    }
  }

  private static String origin(String scheme, String host, int port) {
    String s = scheme.toLowerCase(Locale.ROOT);
    int defaultPort = s.equals("https") ? 443 : 80;
    return s + "://" + host.toLowerCase(Locale.ROOT) + (port <= 0 || port == defaultPort ? "" : ":" + port);
  }
}
