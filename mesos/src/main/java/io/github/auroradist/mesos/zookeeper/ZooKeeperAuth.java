package io.github.auroradist.mesos.zookeeper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.AuthInfo;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * How a ZooKeeper client identifies itself ({@code auth}) and which ACL the nodes it creates carry ({@code acl};
 * empty: ZooKeeper's default, open to everyone). The scheduler, the executor's announcer and the Mesos emulator's
 * master all build their Curator clients through {@link #applyTo}, so each of them protects what it creates alike.
 */
public record ZooKeeperAuth(List<AuthInfo> auth, List<ACL> acl) {
  public static final String DIGEST = "digest";
  /** No authentication, open nodes: ZooKeeper's default. */
  public static final ZooKeeperAuth NONE = new ZooKeeperAuth(List.of(), List.of());

  public ZooKeeperAuth {
    auth = List.copyOf(auth);
    // Not List.copyOf: ZooKeeper asks the ACL list whether it contains null, which List.of's lists refuse to answer.
    acl = Collections.unmodifiableList(new ArrayList<>(acl));
  }

  /**
   * Authenticates with the digest {@code user:password}; with {@code protect}, every node created is readable by
   * everyone and may be changed, deleted or given children only by that identity.
   *
   * @param source what the credentials came from (a flag name), for the error message
   */
  public static ZooKeeperAuth digest(String userColonPassword, boolean protect, String source) {
    requireUserAndPassword(userColonPassword, source);
    List<AuthInfo> auth = List.of(new AuthInfo(DIGEST, userColonPassword.getBytes(StandardCharsets.UTF_8)));
    return new ZooKeeperAuth(auth, protect ? worldReadable(userColonPassword) : List.of());
  }

  /** Everyone may read; only the digest identity of {@code user:password} may do anything else. */
  public static List<ACL> worldReadable(String userColonPassword) {
    return List.of(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
        new ACL(ZooDefs.Perms.ALL, new Id(DIGEST, digestIdentity(userColonPassword))));
  }

  /**
   * The id ZooKeeper's DigestAuthenticationProvider gives a client that authenticated with {@code user:password}:
   * {@code user:base64(sha1(user:password))}.
   */
  public static String digestIdentity(String userColonPassword) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(userColonPassword.getBytes(StandardCharsets.UTF_8));
      return userColonPassword.substring(0, userColonPassword.indexOf(':')) + ":"
          + Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-1, which ZooKeeper digests need", e);
    }
  }

  static void requireUserAndPassword(String userColonPassword, String source) {
    int colon = userColonPassword == null ? -1 : userColonPassword.indexOf(':');
    if (colon <= 0 || colon == userColonPassword.length() - 1) {
      throw new IllegalArgumentException(source + " must be user:password, both parts non-empty (e.g."
          + " aurora:secret)");
    }
  }

  /** Whether the nodes created carry an ACL of their own. */
  public boolean protects() {
    return !acl.isEmpty();
  }

  /** Adds the authentication and, when there is one, the ACL of every created node (parents too) to a client. */
  public CuratorFrameworkFactory.Builder applyTo(CuratorFrameworkFactory.Builder builder) {
    if (!auth.isEmpty()) {
      builder.authorization(auth);
    }
    if (protects()) {
      builder.aclProvider(new ACLProvider() {
        @Override
        public List<ACL> getDefaultAcl() {
          return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
          return acl;
        }
      });
    }
    return builder;
  }

  /** Never shows secrets: the schemes and ACL ids only. */
  @Override
  public String toString() {
    return "ZooKeeperAuth" + auth.stream().map(a -> a.getScheme()).toList() + " acl " + acl.stream()
        .map(a -> a.getId().getScheme() + ":" + a.getId().getId().replaceFirst(":.*", "") + "=" + a.getPerms())
        .toList();
  }
}
