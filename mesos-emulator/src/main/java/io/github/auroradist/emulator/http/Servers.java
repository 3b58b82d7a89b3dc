package io.github.auroradist.emulator.http;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Jetty servers the way every emulator endpoint needs them. */
public final class Servers {
  /** Streams stay open for hours; heartbeats, not the idle timeout, detect dead peers. */
  private static final long IDLE_TIMEOUT_MS = 60L * 60 * 1000;
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(Servers.class);

  private Servers() {}

  /** Starts a server on host:port (port 0 picks a free one); read the bound port from the result. */
  public static Server start(String name, String bindHost, int port, Handler handler) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName(name);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(bindHost);
    connector.setPort(port);
    connector.setIdleTimeout(IDLE_TIMEOUT_MS);
    server.addConnector(connector);
    server.setHandler(handler);
    server.setStopTimeout(0); // no graceful wait: streams never finish on their own
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw new IllegalStateException("cannot listen on " + bindHost + ":" + port + " (" + e.getMessage()
          + "); is another process using the port? choose another with --port", e);
    }
    return server;
  }

  /**
   * Stops a server. Interrupted, it gives up waiting and keeps the interrupt on the thread for the
   * caller; any other failure is thrown.
   *
   * <p>The connections' end points are closed first. Jetty 12.1's stop closes each connection on its selector
   * thread, and closing a connection first cancels a response write in progress and waits for that write to end;
   * a write pending on a client that stopped reading (an event stream) ends only through the selector, so stop
   * hung (seen once in a clean-clone CI run, in an emulator master's stop). Closing the end points fails such writes
   * from this thread. As a last guard, a stop that still takes over {@link #STOP_WAIT} is left to finish on its own.
   */
  public static void stop(Server server) {
    for (Connector connector : server.getConnectors()) {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        endPoint.close();
      }
    }
    FutureTask<Void> stopping = new FutureTask<>(() -> {
      server.stop();
      return null;
    });
    Thread stopper = new Thread(stopping, "stop-" + port(server));
    stopper.setDaemon(true);
    stopper.start();
    try {
      stopping.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      LOG.warn("the server on port {} did not stop within {}; going on without waiting for it", port(server),
          STOP_WAIT);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return;
      }
      throw new IllegalStateException("cannot stop the server on port " + port(server) + ": " + cause.getMessage(),
          cause);
    }
  }

  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
