package io.github.auroradist.emulator.zk;

/** A {@code zk://host:port[,host:port]/path} address, as Mesos flags write it. */
public record ZkAddress(String connectString, String path) {
  public static boolean isZk(String text) {
    return text != null && text.startsWith("zk://");
  }

  public static ZkAddress parse(String text) {
    if (!isZk(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a ZooKeeper address; write"
          + " zk://host:port[,host:port]/path, e.g. zk://localhost:2181/mesos");
    }
    String rest = text.substring("zk://".length());
    int at = rest.indexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1); // credentials are not supported; the emulator ignores them
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' has no hosts or no path; write"
          + " zk://host:port[,host:port]/path, e.g. zk://localhost:2181/mesos");
    }
    String path = rest.substring(slash);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ZkAddress(rest.substring(0, slash), path);
  }
}
