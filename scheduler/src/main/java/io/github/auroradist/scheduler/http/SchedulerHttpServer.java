package io.github.auroradist.scheduler.http;

import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.RoutingHandler;
import io.github.auroradist.scheduler.api.ApiException;
import io.github.auroradist.scheduler.api.ApiRecords;
import io.github.auroradist.scheduler.api.SchedulerServices;
import io.github.auroradist.scheduler.security.ApiAccess;
import io.github.auroradist.scheduler.security.HttpsSettings;
import io.github.auroradist.scheduler.ui.SchedulerUi;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.LogDiskFullException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's HTTP server: health and stats ({@link ProcessRoutes}), the JSON API ({@link ApiRoutes}) and the
 * web UI ({@link UiRoutes}), see docs/api.md. A follower sends everything but its own process pages to the leader.
 */
public final class SchedulerHttpServer implements AutoCloseable {
  /** Set on every response while the data served may be out of date (no leader, or not caught up yet). */
  public static final String STALE_HEADER = "X-Aurora-Stale";
  /** A read with this header set to true is answered from this scheduler's own copy, even on a follower. */
  public static final String LOCAL_READ_HEADER = "X-Aurora-Local-Read";
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerHttpServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final ServerConnector secureConnector;
  private final HttpsSettings https;
  private final Stats stats;
  private final Leadership leadership;
  private final Callers callers;

  /**
   * @param https the HTTPS port and keystore beside the plain port, or {@link HttpsSettings#OFF}
   * @param access who may write through the API
   * @param unhealthyReason why this process is unhealthy now (answered on /health with 503), empty when healthy
   */
  public SchedulerHttpServer(String ip, int port, HttpsSettings https, ApiAccess access, SchedulerServices services,
      Stats stats, Leadership leadership, Supplier<Optional<String>> unhealthyReason, String clusterName) {
    this.https = https;
    this.stats = stats;
    this.leadership = leadership;
    this.callers = new Callers(access);
    RouteTable routes = new RouteTable();
    new ProcessRoutes(stats, leadership, unhealthyReason).addTo(routes);
    new ApiRoutes(services, callers).addTo(routes);
    new UiRoutes(new SchedulerUi(services.queries(), services.updates(), clusterName, leadership.isLeader(),
        leadership.staleReason())).addTo(routes);
    QueuedThreadPool threads = new QueuedThreadPool(50, 4);
    threads.setName("http");
    server = new Server(threads);
    connector = new ServerConnector(server, 1, 1);
    connector.setHost(ip);
    connector.setPort(port);
    server.addConnector(connector);
    secureConnector = https.enabled() ? HttpsConnector.create(server, ip, https) : null;
    if (secureConnector != null) {
      server.addConnector(secureConnector);
    }
    server.setHandler(new Handler.Wrapper(new RoutingHandler(routes.routes(), this::replyFailure,
        JsonBodies.MAX_BODY_BYTES, this::beforeRoute)) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        stats.counter("http_requests_total").incrementAndGet();
        markStale(response);
        long start = System.nanoTime();
        try {
          return redirectToHttps(request, response, callback) || super.handle(request, response, callback);
        } finally {
          // Every route answers before returning, so the status is known here.
          stats.record("http_request", System.nanoTime() - start, "route", RouteTable.servedBy(request).orElse("none"),
              "method", request.getMethod(), "status", String.valueOf(response.getStatus()));
        }
      }
    });
  }

  public void start() throws Exception {
    try {
      server.start();
    } catch (IOException e) {
      server.stop();
      throw new IOException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
          + (secureConnector == null ? "" : " and " + secureConnector.getPort()) + " (" + e.getMessage() + "); is"
          + " another scheduler running? Choose another -http_port" + (secureConnector == null ? "" : ", -https_port")
          + " or -ip", e);
    }
    LOG.info("HTTP server listening on {}:{}{}", connector.getHost(), port(),
        secureConnector == null ? "" : ", HTTPS on port " + httpsPort());
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The HTTPS port, or 0 without HTTPS. */
  public int httpsPort() {
    return secureConnector == null ? 0 : secureConnector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Stopping the HTTP server failed", e);
    }
  }

  /**
   * As Aurora's schedulers do, a follower sends API calls and UI pages, reads and writes, to the leader (307 keeps a
   * write's method and body); clients that do not follow redirects still read the NOT_LEADER code. Its own process
   * pages, and reads that ask for its own copy, it answers itself. Without a known leader the API answers (reads
   * marked stale, writes refused).
   */
  private boolean sendToLeader(Exchange x) {
    boolean read = !CrossSiteCheck.isWrite(x);
    String path = Request.getPathInContext(x.request());
    if (ProcessRoutes.PATHS.contains(path) || leadership.isLeader().getAsBoolean()
        || (read && "true".equalsIgnoreCase(x.header(LOCAL_READ_HEADER)))) {
      return false;
    }
    // The scheme stays: credentials sent over HTTPS must not be sent on in the clear.
    boolean secure = x.request().isSecure();
    Optional<String> leader = (secure ? leadership.leaderHttpsUrl() : leadership.leaderUrl()).get();
    if (leader.isEmpty() && secure && leadership.leaderUrl().get().isPresent()) {
      throw new ApiException(ApiException.NOT_LEADER, 503, "this scheduler is not the leader, and the leading"
          + " scheduler at " + leadership.leaderUrl().get().get() + " serves no HTTPS; give every scheduler"
          + " -https_port");
    }
    leader.ifPresent(url -> reply(x, new ApiException(ApiException.NOT_LEADER, 307, "this scheduler is not the"
        + " leader; send requests to the leading scheduler at " + url, url)));
    return leader.isPresent();
  }

  /**
   * Before a matched route: forged cross-site writes refused, requests sent to the leader, and the sender of an API
   * write authenticated.
   */
  private boolean beforeRoute(Exchange x) {
    CrossSiteCheck.check(x);
    if (sendToLeader(x)) {
      return true;
    }
    if (CrossSiteCheck.isWrite(x) && isApi(x)) {
      callers.authenticate(x);
    }
    return false;
  }

  /** With -http_redirect_to_https, plain HTTP serves only the process pages and sends the rest to HTTPS (308). */
  private boolean redirectToHttps(Request request, Response response, Callback callback) {
    if (!https.redirectHttp() || request.isSecure()
        || ProcessRoutes.PATHS.contains(Request.getPathInContext(request))) {
      return false;
    }
    String query = request.getHttpURI().getQuery();
    String host = Request.getServerName(request);
    String location = "https://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
        + httpsPort() + request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
    Response.sendRedirect(request, response, callback, 308, location, false);
    return true;
  }

  /** Renders a failed request: JSON under /api/, an HTML page elsewhere. */
  private void replyFailure(Exchange x, int status, String message, Throwable cause) {
    if (cause instanceof ApiException e) {
      reply(x, e);
      return;
    }
    if (cause instanceof LogDiskFullException e) {
      // The gate refuses writes once the disk is full; a write already past it meets the same refusal here.
      reply(x, new ApiException(ApiException.ERROR, 503, e.getMessage()));
      return;
    }
    if (status >= 500) {
      stats.counter("http_500_responses").incrementAndGet();
    }
    String code = switch (status) {
      case 404 -> ApiException.NOT_FOUND;
      case 400, 405, 413, 415 -> ApiException.INVALID_REQUEST;
      case 401, 403 -> ApiException.AUTH_FAILED;
      default -> ApiException.ERROR;
    };
    boolean noRoute = cause == null && status == 404;
    reply(x, new ApiException(code, status, message + (noRoute && isApi(x) ? " (see docs/api.md for the API"
        + " paths)" : "")));
  }

  private void reply(Exchange x, ApiException e) {
    markStale(x.response());
    e.redirectBase().ifPresent(base -> {
      String query = x.request().getHttpURI().getQuery();
      x.response().getHeaders().put(HttpHeader.LOCATION, (base.endsWith("/") ? base.substring(0, base.length() - 1)
          : base) + Request.getPathInContext(x.request()) + (query == null ? "" : "?" + query));
    });
    if (e.status() == 401) {
      x.header(HttpHeader.WWW_AUTHENTICATE.asString(), callers.challenge());
    }
    if (isApi(x)) {
      JsonBodies.reply(x, e.status(), new ApiRecords.ErrorResponse(e.code(), e.getMessage(), e.problems()));
    } else {
      x.html(e.status(), SchedulerUi.errorPage(e.status(), e.getMessage()));
    }
  }

  private static boolean isApi(Exchange x) {
    return Request.getPathInContext(x.request()).startsWith("/api/");
  }

  private void markStale(Response response) {
    leadership.staleReason().get().ifPresent(reason -> response.getHeaders().put(STALE_HEADER, reason));
  }
}
