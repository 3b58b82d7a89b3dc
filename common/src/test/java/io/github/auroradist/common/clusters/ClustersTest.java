package io.github.auroradist.common.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClustersTest {
  @TempDir Path dir;

  @Test
  void appliesAuroraDefaults() throws Exception {
    Cluster c = Clusters.parse("[{\"name\": \"devcluster\", \"zk\": \"10.0.0.1,10.0.0.2:2182\"}]",
        "clusters.json").get(0);
    assertThat(c.name()).isEqualTo("devcluster");
    assertThat(c.zkPort()).isEqualTo(2181);
    assertThat(c.schedulerZkPath()).isEqualTo("/aurora/scheduler");
    assertThat(c.authMechanism()).isEqualTo("UNAUTHENTICATED");
    assertThat(c.slaveRunDirectory()).isEqualTo("latest");
    assertThat(c.slaveRoot()).isEqualTo("/var/lib/mesos");
    assertThat(c.schedulerUri()).isNull();
    assertThat(c.zkEnsemble()).contains("10.0.0.1:2181,10.0.0.2:2182");
  }

  @Test
  void readsEveryField() throws Exception {
    Cluster c = Clusters.parse("""
        [{"name": "east", "zk": "zk1", "zk_port": 2999, "scheduler_zk_path": "/s/sched",
          "scheduler_uri": "http://sched:8081", "proxy_url": "https://aurora.example.com",
          "auth_mechanism": "KERBEROS", "slave_root": "/mesos", "slave_run_directory": "current",
          "docker_registry": "https://registry:5000", "ca_file": "/etc/aurora/ca.pem", "custom": 3}]
        """, "f").get(0);
    assertThat(c.zkEnsemble()).contains("zk1:2999");
    assertThat(c.schedulerZkPath()).isEqualTo("/s/sched");
    assertThat(c.schedulerUri()).isEqualTo("http://sched:8081");
    assertThat(c.displayUrl()).contains("https://aurora.example.com");
    assertThat(c.authMechanism()).isEqualTo("KERBEROS");
    assertThat(c.slaveRoot()).isEqualTo("/mesos");
    assertThat(c.slaveRunDirectory()).isEqualTo("current");
    assertThat(c.dockerRegistry()).isEqualTo("https://registry:5000");
    assertThat(c.caFile()).isEqualTo("/etc/aurora/ca.pem");
    assertThat(c.extra()).containsEntry("custom", "3").doesNotContainKey("ca_file");
  }

  @Test
  void homeFileOverridesSystemFileAndMissingFilesAreSkipped() throws Exception {
    Path etc = Files.writeString(dir.resolve("etc.json"),
        "[{\"name\": \"a\", \"zk\": \"sys\"}, {\"name\": \"b\", \"zk\": \"sys\"}]");
    Path home = Files.writeString(dir.resolve("home.json"),
        "[{\"name\": \"b\", \"scheduler_uri\": \"http://localhost:8081\"}]");
    Clusters clusters = Clusters.load(List.of(etc, dir.resolve("missing.json"), home));
    assertThat(clusters.get("a").zk()).isEqualTo("sys");
    assertThat(clusters.get("b").zk()).isNull();
    assertThat(clusters.get("b").schedulerUri()).isEqualTo("http://localhost:8081");
    assertThat(clusters.sources()).containsExactly(etc, home);
    assertThatThrownBy(() -> clusters.get("c"))
        .hasMessageContaining("unknown cluster 'c'").hasMessageContaining("known clusters: a, b");
  }

  @Test
  void noFilesAtAllSaysWhereItLooked() throws Exception {
    Clusters none = Clusters.load(List.of(dir.resolve("nope.json")));
    assertThatThrownBy(() -> none.get("devcluster"))
        .hasMessageContaining("no clusters.json was found").hasMessageContaining("~/.aurora");
  }

  @Test
  void badFilesNameTheProblem() {
    assertThatThrownBy(() -> Clusters.parse("{\"name\": \"x\"}", "c.json"))
        .hasMessageContaining("c.json must hold a JSON list");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\",}]", "c.json"))
        .hasMessageContaining("c.json is not valid JSON (line 1)");
    assertThatThrownBy(() -> Clusters.parse("[{\"zk\": \"h\"}]", "c.json"))
        .hasMessageContaining("c.json entry 0 has no \"name\"");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\"}]", "c.json"))
        .hasMessageContaining("neither \"zk\" nor \"scheduler_uri\"");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\", \"zk\": \"h\", \"zk_port\": \"abc\"}]", "c.json"))
        .hasMessageContaining("\"zk_port\" must be a port number");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\", \"zk\": \"h\", \"zk_port\": 70000}]", "c.json"))
        .hasMessageContaining("not a port number");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\", \"scheduler_uri\": \"sched:8081\"}]", "c.json"))
        .hasMessageContaining("must be an http:// or https:// URL");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\", \"zk\": \"h\", \"ca_file\": \"ca.pem\"}]", "c.json"))
        .hasMessageContaining("\"ca_file\" 'ca.pem' must be an absolute path");
    assertThatThrownBy(() -> Clusters.parse(
        "[{\"name\": \"x\", \"zk\": \"h\"}, {\"name\": \"x\", \"zk\": \"h\"}]", "c.json"))
        .hasMessageContaining("names cluster 'x' twice");
    assertThatThrownBy(() -> Clusters.parse("[{\"name\": \"x\", \"zk\": 5}]", "c.json"))
        .hasMessageContaining("\"zk\" must be a string");
  }

  @Test
  void unreadableFileIsAnError() throws Exception {
    Path broken = Files.writeString(dir.resolve("clusters.json"), "not json");
    assertThatThrownBy(() -> Clusters.load(List.of(broken)))
        .isInstanceOf(ClusterConfigException.class).hasMessageContaining(broken.toString());
  }
}
