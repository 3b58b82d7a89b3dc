package io.github.auroradist.emulator.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Starts Jetty servers the way every emulator endpoint needs them. */
public final class Servers {
  /** Streams stay open for hours; heartbeats, not the idle timeout, detect dead peers. */
  private static final long IDLE_TIMEOUT_MS = 60L * 60 * 1000;

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
   */
  public static void stop(Server server) {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the server on port " + port(server) + ": " + e.getMessage(), e);
    }
  }

  public static int port(Server server) {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }
}
