package io.github.auroradist.mesos.executor;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Receives the events of the executor API, one at a time, on the client's event thread. */
public interface ExecutorListener {
  void subscribed(ExecutorInfo executor, FrameworkInfo framework, AgentInfo agent);

  void launch(TaskInfo task);

  void kill(TaskID task, Optional<KillPolicy> killPolicy);

  default void acknowledged(TaskID task, ByteString uuid) {}

  default void message(byte[] data) {}

  /** Stop every task and exit; also called when the agent cannot be reached within the recovery timeout. */
  void shutdown();

  default void error(String message) {}

  default void disconnected(String why) {}
}
