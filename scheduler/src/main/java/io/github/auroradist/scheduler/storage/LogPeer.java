package io.github.auroradist.scheduler.storage;

import java.util.ArrayList;
import java.util.List;

/** One scheduler of the replicated log group, addressed as {@code host:port} (port default 8083). */
public record LogPeer(String host, int port) {
  public static final int DEFAULT_PORT = 8083;

  public LogPeer {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a log peer needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("log peer port " + port + " is out of range 1-65535");
    }
  }

  /** The Raft peer id: stable as long as the address is. */
  public String id() {
    return (host + "_" + port).replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  public String address() {
    return host + ":" + port;
  }

  public static LogPeer parse(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      return new LogPeer(t, DEFAULT_PORT);
    }
    try {
      return new LogPeer(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("log peer '" + text + "' has a bad port; write host:port");
    }
  }

  /** Parses a comma-separated list of {@code host:port}. */
  public static List<LogPeer> parseList(String text) {
    List<LogPeer> peers = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      if (!part.isBlank()) {
        peers.add(parse(part));
      }
    }
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("the log peer list is empty; list host:port of every scheduler");
    }
    return peers;
  }
}
