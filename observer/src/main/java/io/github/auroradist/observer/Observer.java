package io.github.auroradist.observer;

import io.github.auroradist.observer.discovery.CheckpointScanner;
import io.github.auroradist.observer.discovery.Snapshot;
import io.github.auroradist.observer.discovery.TaskDiscovery;
import io.github.auroradist.observer.http.ObserverRoutes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The running observer: the background checkpoint scan plus the web server that shows it. */
public final class Observer implements AutoCloseable {
  private final ObserverSettings settings;
  private final TaskDiscovery discovery;
  private final Server server;
  private final ServerConnector connector;

  private Observer(ObserverSettings settings) {
    this.settings = settings;
    this.discovery = new TaskDiscovery(new CheckpointScanner(settings.mesosRoot()), settings.pollingInterval());
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("observer-http");
    threads.setDaemon(true);
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.ip());
    connector.setPort(settings.port());
    server.addConnector(connector);
    server.setHandler(ObserverRoutes.handler(discovery, settings.mesosRoot(), hostname()));
  }

  /** Scans once, then starts serving and rescanning in the background. */
  public static Observer start(ObserverSettings settings) throws Exception {
    Observer observer = new Observer(settings);
    try {
      observer.discovery.start();
      observer.server.start();
    } catch (Exception e) {
      observer.close();
      throw e;
    }
    return observer;
  }

  /** The port actually bound (differs from the settings when they asked for 0). */
  public int port() {
    return connector.getLocalPort();
  }

  public ObserverSettings settings() {
    return settings;
  }

  public Snapshot snapshot() {
    return discovery.snapshot();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    discovery.close();
    try {
      server.stop();
    } catch (Exception e) {
      // stopping; nothing more to do
    }
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
