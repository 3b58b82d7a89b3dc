package io.github.auroradist.emulator.zk;

import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;

/**
 * A {@code zk://[user:password@]host:port[,host:port]/path} address, as Mesos flags write it. With credentials
 * the client authenticates with that digest and, as a Mesos master does, the nodes it creates are readable by
 * everyone and writable only by that identity.
 */
public record ZkAddress(String connectString, String path, ZooKeeperAuth auth) {
  public ZkAddress(String connectString, String path) {
    this(connectString, path, ZooKeeperAuth.NONE);
  }

  public static boolean isZk(String text) {
    return text != null && text.startsWith("zk://");
  }

  public static ZkAddress parse(String text) {
    if (!isZk(text)) {
      throw new IllegalArgumentException("'" + text + "' is not a ZooKeeper address; write"
          + " zk://host:port[,host:port]/path, e.g. zk://localhost:2181/mesos");
    }
    String rest = text.substring("zk://".length());
    ZooKeeperAuth auth = ZooKeeperAuth.NONE;
    int at = rest.indexOf('@');
    int firstSlash = rest.indexOf('/');
    if (at >= 0 && (firstSlash < 0 || at < firstSlash)) {
      auth = ZooKeeperAuth.digest(rest.substring(0, at), true, "the credentials before '@' in a zk:// address");
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("'" + redacted(text) + "' has no hosts or no path; write"
          + " zk://host:port[,host:port]/path, e.g. zk://localhost:2181/mesos");
    }
    String path = rest.substring(slash);
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ZkAddress(rest.substring(0, slash), path, auth);
  }

  /** The address without its password, for messages. */
  static String redacted(String text) {
    return text.replaceFirst("^zk://([^:/@]*):[^/@]*@", "zk://$1:***@");
  }

  @Override
  public String toString() {
    return "zk://" + connectString + path + (auth.auth().isEmpty() ? "" : " (authenticated)");
  }
}
