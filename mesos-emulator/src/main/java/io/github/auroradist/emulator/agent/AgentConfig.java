package io.github.auroradist.emulator.agent;

import io.github.auroradist.emulator.containers.Isolation;
import io.github.auroradist.emulator.resources.ResourceSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;

/**
 * How an agent runs.
 *
 * @param bindIp address to listen on
 * @param advertiseIp address the master and executors use to reach this agent
 * @param hostname host name offered to frameworks
 * @param port HTTP port (0 picks a free one)
 * @param master host:port, http://host:port or zk://host:port/path of the master(s)
 * @param workDir root of the sandboxes
 * @param resources what the agent offers
 * @param attributes attributes offered with the resources
 * @param executorRegistrationTimeout how long an executor may take to subscribe
 * @param executorShutdownGracePeriod how long an executor may take to shut down (MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD)
 * @param recoveryTimeout passed to executors as MESOS_RECOVERY_TIMEOUT
 * @param switchUser run executors as the task's user when the agent runs as root
 * @param zkSessionTimeout ZooKeeper session timeout when the master is a zk:// address
 * @param isolation the cgroup limits put on containers ({@code --isolation}); none by default
 */
public record AgentConfig(
    String bindIp,
    String advertiseIp,
    String hostname,
    int port,
    String master,
    Path workDir,
    ResourceSet resources,
    List<Attribute> attributes,
    Duration executorRegistrationTimeout,
    Duration executorShutdownGracePeriod,
    Duration recoveryTimeout,
    boolean switchUser,
    Duration zkSessionTimeout,
    Isolation isolation) {

  public AgentConfig {
    attributes = List.copyOf(attributes);
  }

  public static AgentConfig defaults(String master, Path workDir) {
    return new AgentConfig("127.0.0.1", "127.0.0.1", "localhost", 5051, master, workDir,
        ResourceSet.parse("cpus:4;mem:4096;disk:20000;ports:[31000-32000]"), List.of(),
        Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofMinutes(15), true, Duration.ofSeconds(10),
        Isolation.none());
  }

  public AgentConfig withPort(int newPort) {
    return new AgentConfig(bindIp, advertiseIp, hostname, newPort, master, workDir, resources, attributes,
        executorRegistrationTimeout, executorShutdownGracePeriod, recoveryTimeout, switchUser, zkSessionTimeout,
        isolation);
  }

  public AgentConfig withMaster(String newMaster) {
    return new AgentConfig(bindIp, advertiseIp, hostname, port, newMaster, workDir, resources, attributes,
        executorRegistrationTimeout, executorShutdownGracePeriod, recoveryTimeout, switchUser, zkSessionTimeout,
        isolation);
  }

  public AgentConfig withResources(ResourceSet newResources, List<Attribute> newAttributes) {
    return new AgentConfig(bindIp, advertiseIp, hostname, port, master, workDir, newResources, newAttributes,
        executorRegistrationTimeout, executorShutdownGracePeriod, recoveryTimeout, switchUser, zkSessionTimeout,
        isolation);
  }

  public AgentConfig withTimeouts(Duration registration, Duration shutdownGrace) {
    return new AgentConfig(bindIp, advertiseIp, hostname, port, master, workDir, resources, attributes,
        registration, shutdownGrace, recoveryTimeout, switchUser, zkSessionTimeout, isolation);
  }

  public AgentConfig withIsolation(Isolation newIsolation) {
    return new AgentConfig(bindIp, advertiseIp, hostname, port, master, workDir, resources, attributes,
        executorRegistrationTimeout, executorShutdownGracePeriod, recoveryTimeout, switchUser, zkSessionTimeout,
        newIsolation);
  }
}
