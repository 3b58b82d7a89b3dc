package io.github.auroradist.executor.announce;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
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
 * {@code acl} list the nodes are open, as Aurora's.
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
    JsonNode root;
    try {
      root = ModelJson.mapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(OPTION + "=" + file + " cannot be read as JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw problem(file, "the file must hold a JSON object with \"auth\" and \"acl\" lists");
    }
    List<AuthInfo> auth = new ArrayList<>();
    for (JsonNode a : list(file, root, "auth")) {
      auth.add(new AuthInfo(text(file, a, "auth", "scheme"),
          text(file, a, "auth", "credential").getBytes(StandardCharsets.UTF_8)));
    }
    List<ACL> acl = new ArrayList<>();
    for (JsonNode a : list(file, root, "acl")) {
      Id id = new Id(text(file, a, "acl", "scheme"), text(file, a, "acl", "credential"));
      acl.add(new ACL(permissions(file, a), id));
    }
    return new ZooKeeperAuth(auth, acl);
  }

  private static Iterable<JsonNode> list(Path file, JsonNode root, String field) {
    JsonNode node = root.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw problem(file, "\"" + field + "\" must be a list");
    }
    return node;
  }

  private static String text(Path file, JsonNode entry, String list, String field) {
    JsonNode value = entry.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw problem(file, "every \"" + list + "\" entry needs a \"" + field + "\" string");
    }
    return value.asText();
  }

  private static int permissions(Path file, JsonNode entry) {
    JsonNode node = entry.path("permissions");
    if (!node.isObject()) {
      throw problem(file, "every \"acl\" entry needs \"permissions\", e.g. {\"read\": true}");
    }
    int perms = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      Integer bit = PERMISSIONS.get(p.getKey());
      if (bit == null || !p.getValue().isBoolean()) {
        throw problem(file, "permission \"" + p.getKey() + "\" is not one of read, write, create, delete, admin,"
            + " all with true or false");
      }
      if (p.getValue().asBoolean()) {
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
