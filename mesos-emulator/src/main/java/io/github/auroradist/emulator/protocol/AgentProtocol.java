package io.github.auroradist.emulator.protocol;

/**
 * The emulator's own agent<->master protocol: JSON over HTTP POST. Mesos messages inside are in the
 * protobuf JSON mapping (proto field names). Documented in docs/mesos-emulator.md.
 */
public final class AgentProtocol {
  private AgentProtocol() {}

  // Agent -> master.
  public static final String REGISTER = "/emulator/v1/agent/register";
  public static final String PING = "/emulator/v1/agent/ping";
  public static final String STATUS = "/emulator/v1/agent/status";
  public static final String EXECUTOR_EXITED = "/emulator/v1/agent/executor-exited";
  public static final String EXECUTOR_MESSAGE = "/emulator/v1/agent/message";

  // Master -> agent.
  public static final String RUN = "/emulator/v1/master/run";
  public static final String KILL = "/emulator/v1/master/kill";
  public static final String ACKNOWLEDGE = "/emulator/v1/master/acknowledge";
  public static final String SHUTDOWN_FRAMEWORK = "/emulator/v1/master/shutdown-framework";
  public static final String SHUTDOWN_EXECUTOR = "/emulator/v1/master/shutdown-executor";
  public static final String FRAMEWORK_MESSAGE = "/emulator/v1/master/message";
  /** Calls above for many agents behind one endpoint, in order, to agents that registered with batch_calls. */
  public static final String BATCH = "/emulator/v1/master/batch";

  /** The Mesos version the emulator claims where a version is shown. */
  public static final String MESOS_VERSION = "1.11.0";
}
