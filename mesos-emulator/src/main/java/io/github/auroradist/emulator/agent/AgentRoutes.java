package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.MesosRequests;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.http.TextFailures;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Route;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
import java.util.Base64;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.eclipse.jetty.server.Handler;

/** The agent's HTTP endpoints: the executor API, /state, /health and the master's side of the agent protocol. */
final class AgentRoutes {
  private final Agent agent;

  AgentRoutes(Agent agent) {
    this.agent = agent;
  }

  Handler handler() {
    Routes routes = new Routes().post(ExecutorEndpoint.PATH, new ExecutorEndpoint(agent));
    for (String path : new String[] {"/state", "/state.json", "/slave(1)/state", "/slave(1)/state.json"}) {
      routes.get(path, x -> x.json(200, ProtoJson.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsString(agent.state())));
    }
    for (String path : new String[] {"/health", "/slave(1)/health"}) {
      routes.get(path, x -> x.empty(200));
    }
    routes.post(AgentProtocol.RUN, fromMaster(body -> {
      try {
        agent.run(ProtoJson.message(body.get("framework_info"), FrameworkInfo.getDefaultInstance()),
            ProtoJson.message(body.get("task"), TaskInfo.getDefaultInstance()));
      } catch (IllegalStateException e) {
        throw new HttpError(503, e.getMessage()); // not registered (yet): the master counts the task lost
      }
    }));
    routes.post(AgentProtocol.KILL, fromMaster(body -> agent.kill(body.path("framework_id").asText(),
        body.path("task_id").asText(), body.has("kill_policy")
            ? ProtoJson.message(body.get("kill_policy"), KillPolicy.getDefaultInstance()) : null)));
    routes.post(AgentProtocol.ACKNOWLEDGE, fromMaster(body -> agent.acknowledge(body.path("framework_id").asText(),
        body.path("task_id").asText(), ByteString.copyFrom(Base64.getDecoder().decode(body.path("uuid").asText())))));
    routes.post(AgentProtocol.SHUTDOWN_FRAMEWORK, fromMaster(body ->
        agent.shutdownFramework(body.path("framework_id").asText())));
    routes.post(AgentProtocol.SHUTDOWN_EXECUTOR, fromMaster(body ->
        agent.shutdownExecutor(body.path("framework_id").asText(), body.path("executor_id").asText())));
    routes.post(AgentProtocol.FRAMEWORK_MESSAGE, fromMaster(body -> agent.frameworkMessage(
        body.path("framework_id").asText(), body.path("executor_id").asText(),
        Base64.getDecoder().decode(body.path("data").asText()))));
    return new RoutingHandler(routes, new TextFailures("agent", ExecutorEndpoint.PATH + ", /state and /health"),
        MesosRequests.MAX_BODY_BYTES);
  }

  /** A call from the master: a JSON object, answered 202 (503 while partitioned: it never got through). */
  private Route fromMaster(Consumer<JsonNode> call) {
    return x -> {
      if (agent.partitioned()) {
        throw new HttpError(503, "this agent is partitioned from the master");
      }
      call.accept(MesosRequests.jsonObject(x));
      x.empty(202);
    };
  }
}
