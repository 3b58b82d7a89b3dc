package io.github.auroradist.executor.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.mesos.zookeeper.ZooKeeperAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnouncerZooKeeperAuthTest {
  @TempDir
  Path dir;

  @Test
  void readsAurorasAuthAndAclLists() throws Exception {
    Path file = Files.writeString(dir.resolve("auth.json"), "{\"auth\": [{\"scheme\": \"digest\", \"credential\":"
        + " \"announcer:secret\"}], \"acl\": [{\"scheme\": \"world\", \"credential\": \"anyone\", \"permissions\":"
        + " {\"read\": true, \"write\": false}}, {\"scheme\": \"digest\", \"credential\": \"announcer:abc=\","
        + " \"permissions\": {\"read\": true, \"write\": true, \"create\": true, \"delete\": true,"
        + " \"admin\": true}}]}");
    ZooKeeperAuth auth = AnnouncerZooKeeperAuth.read(file);
    assertThat(auth.auth()).singleElement().satisfies(a -> {
      assertThat(a.getScheme()).isEqualTo("digest");
      assertThat(new String(a.getAuth(), StandardCharsets.UTF_8)).isEqualTo("announcer:secret");
    });
    assertThat(auth.acl()).containsExactly(new ACL(ZooDefs.Perms.READ, new Id("world", "anyone")),
        new ACL(ZooDefs.Perms.ALL, new Id("digest", "announcer:abc=")));
    assertThat(auth.toString()).doesNotContain("secret");
  }

  @Test
  void withoutAnAclTheNodesStayOpenAsAurorasDo() throws Exception {
    Path file = Files.writeString(dir.resolve("auth.json"),
        "{\"auth\": [{\"scheme\": \"digest\", \"credential\": \"announcer:secret\"}]}");
    assertThat(AnnouncerZooKeeperAuth.read(file).protects()).isFalse();
    assertThat(AnnouncerZooKeeperAuth.read(file).auth()).hasSize(1);
  }

  @Test
  void mistakesNameTheFileAndTheField() throws Exception {
    Path noPerms = Files.writeString(dir.resolve("a.json"),
        "{\"acl\": [{\"scheme\": \"world\", \"credential\": \"anyone\", \"permissions\": {\"raed\": true}}]}");
    assertThatThrownBy(() -> AnnouncerZooKeeperAuth.read(noPerms))
        .hasMessageContaining("--announcer-zookeeper-auth-config=" + noPerms)
        .hasMessageContaining("permission \"raed\" is not one of read, write, create, delete, admin, all");
    Path noScheme = Files.writeString(dir.resolve("b.json"), "{\"auth\": [{\"credential\": \"u:p\"}]}");
    assertThatThrownBy(() -> AnnouncerZooKeeperAuth.read(noScheme))
        .hasMessageContaining("every \"auth\" entry needs a \"scheme\" string");
    Path notJson = Files.writeString(dir.resolve("c.json"), "auth: digest");
    assertThatThrownBy(() -> AnnouncerZooKeeperAuth.read(notJson)).hasMessageContaining("cannot be read as JSON");
    assertThatThrownBy(() -> AnnouncerZooKeeperAuth.read(dir.resolve("missing.json")))
        .hasMessageContaining("missing.json");
  }
}
