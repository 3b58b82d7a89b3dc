package io.github.auroradist.mesos.detect;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** A master at a fixed address; a non-leading master redirects us to the leader. */
final class StaticMasterDetector implements MasterDetector {
  private final URI uri;

  private StaticMasterDetector(URI uri) {
    this.uri = uri;
  }

  static StaticMasterDetector parse(String text) {
    String withScheme = text.contains("://") ? text : "http://" + text;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(badAddress(text), e);
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http || uri.getHost() == null || uri.getPort() <= 0
        || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
      throw new IllegalArgumentException(badAddress(text));
    }
    return new StaticMasterDetector(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort()));
  }

  private static String badAddress(String text) {
    return "'" + text + "' is not a Mesos master address; use host:port, http://host:port,"
        + " https://host:port or zk://host:port[,host:port]/path";
  }

  @Override
  public void start() {}

  @Override
  public Optional<URI> leader() {
    return Optional.of(uri);
  }

  @Override
  public String describe() {
    return uri.toString();
  }

  @Override
  public void close() {}
}
