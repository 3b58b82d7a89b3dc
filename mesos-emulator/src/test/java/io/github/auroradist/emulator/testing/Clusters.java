package io.github.auroradist.emulator.testing;

import io.github.auroradist.emulator.agent.AgentConfig;
import io.github.auroradist.emulator.master.MasterConfig;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;

/** Emulator configurations with fast timings on free loopback ports, for tests. */
public final class Clusters {
  private Clusters() {}

  /** Agents are lost after 3 s without pings: quick, yet safe on a loaded machine. */
  public static MasterConfig fastMaster() {
    return MasterConfig.defaults().withPort(0).withTimings(Duration.ofMillis(500), 6, null,
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(500));
  }

  public static AgentConfig fastAgent(Path workDir) {
    return AgentConfig.defaults("unused:1", workDir).withPort(0)
        .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(1));
  }

  public static AgentConfig fastAgent(Path workDir, String resources, String attributes) {
    List<Attribute> attrs = Attributes.parse(attributes);
    return fastAgent(workDir).withResources(ResourceSet.parse(resources), attrs);
  }
}
