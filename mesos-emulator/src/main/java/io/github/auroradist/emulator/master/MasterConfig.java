package io.github.auroradist.emulator.master;

import java.time.Duration;

/**
 * How a master runs.
 *
 * @param bindIp address to listen on (0.0.0.0 for all)
 * @param advertiseIp address agents and schedulers are told to use
 * @param hostname host name in MasterInfo, redirects and /state
 * @param port HTTP port (0 picks a free one)
 * @param zk zk://host:port/path of the master group, or null for a lone master
 * @param zkSessionTimeout ZooKeeper session timeout
 * @param agentPingTimeout how often agents must ping
 * @param maxAgentPingTimeouts missed pings after which an agent is removed
 * @param offerTimeout offers older than this are rescinded; null never
 * @param allocationInterval how often free resources are offered
 * @param heartbeatInterval HEARTBEAT period of scheduler streams
 * @param statusUpdateRetryInterval first retry delay of an unacknowledged status update (doubles up to 10 minutes)
 */
public record MasterConfig(
    String bindIp,
    String advertiseIp,
    String hostname,
    int port,
    String zk,
    Duration zkSessionTimeout,
    Duration agentPingTimeout,
    int maxAgentPingTimeouts,
    Duration offerTimeout,
    Duration allocationInterval,
    Duration heartbeatInterval,
    Duration statusUpdateRetryInterval) {

  /** Mesos defaults, on loopback. */
  public static MasterConfig defaults() {
    return new MasterConfig("127.0.0.1", "127.0.0.1", "localhost", 5050, null, Duration.ofSeconds(10),
        Duration.ofSeconds(15), 5, null, Duration.ofSeconds(1), Duration.ofSeconds(15),
        Duration.ofSeconds(10));
  }

  public MasterConfig withPort(int newPort) {
    return new MasterConfig(bindIp, advertiseIp, hostname, newPort, zk, zkSessionTimeout, agentPingTimeout,
        maxAgentPingTimeouts, offerTimeout, allocationInterval, heartbeatInterval, statusUpdateRetryInterval);
  }

  public MasterConfig withZk(String newZk) {
    return new MasterConfig(bindIp, advertiseIp, hostname, port, newZk, zkSessionTimeout, agentPingTimeout,
        maxAgentPingTimeouts, offerTimeout, allocationInterval, heartbeatInterval, statusUpdateRetryInterval);
  }

  public MasterConfig withTimings(Duration newAgentPingTimeout, int newMaxPings, Duration newOfferTimeout,
      Duration newAllocationInterval, Duration newHeartbeat, Duration newRetry) {
    return new MasterConfig(bindIp, advertiseIp, hostname, port, zk, zkSessionTimeout, newAgentPingTimeout,
        newMaxPings, newOfferTimeout, newAllocationInterval, newHeartbeat, newRetry);
  }
}
