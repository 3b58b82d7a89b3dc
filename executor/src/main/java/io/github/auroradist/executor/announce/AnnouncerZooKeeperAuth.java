package io.github.auroradist.executor.announce;

import io.github.auroradist.common.json.JsonTrees;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.AuthInfo;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * Reads {@code --announcer-zookeeper-auth-config}, Aurora's JSON file of how the announcer authenticates and which
 * ACL its nodes carry:
 * <pre>{"auth": [{"scheme": "digest", "credential": "user:password"}],
 *  "acl": [{"scheme": "world", "credential": "anyone", "permissions": {"read": true}},
 *          {"scheme": "digest", "credential": "user:BASE64-SHA1", "permissions": {"all": true}}]}</pre>
 * A digest ACL names the identity as ZooKeeper stores it ({@code user:base64(sha1(user:password))}); without an
 * {@code acl} list the nodes are open, as Aurora's. Read with jackson-core alone ({@link JsonTrees}).
 */
public final class AnnouncerZooKeeperAuth {
  public static final String OPTION = "--announcer-zookeeper-auth-config";
  private static final Map<String, Integer> PERMISSIONS = Map.of("read", ZooDefs.Perms.READ,
      "write", ZooDefs.Perms.WRITE, "create", ZooDefs.Perms.CREATE, "delete", ZooDefs.Perms.DELETE,
      "admin", ZooDefs.Perms.ADMIN, "all", ZooDefs.Perms.ALL);

  private AnnouncerZooKeeperAuth() {
  }

  /**
   * Reads the file.
   *
   * @throws IllegalArgumentException naming the file and what in it is wrong
   */
  public static ZooKeeperAuth read(Path file) {
    Map<String, Object> root;
    try {
      root = JsonTrees.asObject(JsonTrees.parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new IllegalArgumentException(OPTION + "=" + file + " cannot be read as JSON: " + e.getMessage(), e);
    }
    if (root == null) {
      throw problem(file, "the file must hold a JSON object with \"auth\" and \"acl\" lists");
    }
    List<AuthInfo> auth = new ArrayList<>();
    for (Object a : list(file, root, "auth")) {
      auth.add(new AuthInfo(text(file, a, "auth", "scheme"),
          text(file, a, "auth", "credential").getBytes(StandardCharsets.UTF_8)));
    }
    List<ACL> acl = new ArrayList<>();
    for (Object a : list(file, root, "acl")) {
      Id id = new Id(text(file, a, "acl", "scheme"), text(file, a, "acl", "credential"));
      acl.add(new ACL(permissions(file, a), id));
    }
    return new ZooKeeperAuth(auth, acl);
  }

  private static List<?> list(Path file, Map<String, Object> root, String field) {
    Object node = root.get(field);
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> list)) {
      throw problem(file, "\"" + field + "\" must be a list");
    }
    return list;
  }

  /** The field of an entry (null when the entry is no object or lacks it). */
  private static Object field(Object entry, String field) {
    Map<String, Object> object = JsonTrees.asObject(entry);
    return object == null ? null : object.get(field);
  }

  private static String text(Path file, Object entry, String list, String field) {
    if (!(field(entry, field) instanceof String value) || value.isEmpty()) {
      throw problem(file, "every \"" + list + "\" entry needs a \"" + field + "\" string");
    }
    return value;
  }

  private static int permissions(Path file, Object entry) {
    Map<String, Object> node = JsonTrees.asObject(field(entry, "permissions"));
    if (node == null) {
      throw problem(file, "every \"acl\" entry needs \"permissions\", e.g. {\"read\": true}");
    }
    int perms = 0;
    for (Map.Entry<String, Object> p : node.entrySet()) {
      Integer bit = PERMISSIONS.get(p.getKey());
      if (bit == null || !(p.getValue() instanceof Boolean)) {
        throw problem(file, "permission \"" + p.getKey() + "\" is not one of read, write, create, delete, admin,"
            + " all with true or false");
      }
      if ((Boolean) p.getValue()) {
        perms |= bit;
      }
    }
    if (perms == 0) {
      throw problem(file, "an \"acl\" entry grants no permission; give at least one, e.g. {\"read\": true}");
    }
    return perms;
  }

  private static IllegalArgumentException problem(Path file, String what) {
    return new IllegalArgumentException(OPTION + "=" + file + ": " + what);
  }
}
