package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.MesosRequests;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.http.TextFailures;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Route;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;

/** The master's HTTP endpoints: the scheduler API, /state, /health, /master/redirect and the agent protocol. */
final class MasterRoutes {
  private final Master master;
  private final Leadership leadership;

  MasterRoutes(Master master, Leadership leadership) {
    this.master = master;
    this.leadership = leadership;
  }

  /** Body of an agent-protocol call the master answers. */
  @FunctionalInterface
  private interface AgentCall {
    void handle(Exchange x, JsonNode body) throws Exception;
  }

  Handler handler() {
    Routes routes = new Routes().post(SchedulerEndpoint.PATH, new SchedulerEndpoint(master, leadership));
    for (String path : new String[] {"/state", "/state.json", "/master/state", "/master/state.json"}) {
      routes.get(path, this::state);
    }
    for (String path : new String[] {"/health", "/master/health"}) {
      routes.get(path, x -> x.empty(200));
    }
    for (String path : new String[] {"/redirect", "/master/redirect"}) {
      routes.get(path, this::redirect);
    }
    new MaintenanceRoutes(master, leadership).addTo(routes);
    routes.post(AgentProtocol.REGISTER, agentCall((x, body) -> {
      AgentReply reply = master.registerAgent(body);
      x.json(reply.status(), ProtoJson.MAPPER.writeValueAsString(reply.body()));
    }));
    routes.post(AgentProtocol.PING, agentCall((x, body) -> {
      if (body.has("agent_ids")) {
        // Simulated agents ping together; the answer names those the master does not know.
        ObjectNode reply = ProtoJson.MAPPER.createObjectNode();
        ArrayNode unknown = reply.putArray("unknown");
        List<String> ids = new ArrayList<>();
        body.path("agent_ids").forEach(id -> ids.add(id.asText()));
        master.pingAll(ids).forEach(unknown::add);
        x.json(200, ProtoJson.MAPPER.writeValueAsString(reply));
        return;
      }
      int status = master.ping(body.path("agent_id").asText());
      x.text(status, status == 200 ? "" : "unknown or removed agent");
    }));
    routes.post(AgentProtocol.STATUS, agentCall((x, body) -> {
      if (body.has("updates")) {
        // Simulated agents send many agents' updates at once; they are decoded here, off the master's lock.
        List<ForwardedUpdate> updates = new ArrayList<>();
        for (JsonNode update : body.path("updates")) {
          updates.add(forwarded(update));
        }
        master.statusUpdates(updates);
        x.empty(202);
        return;
      }
      ForwardedUpdate update = forwarded(body);
      master.statusUpdate(update.agentId(), update.frameworkId(), update.status());
      x.empty(202);
    }));
    routes.post(AgentProtocol.EXECUTOR_EXITED, agentCall((x, body) -> {
      master.executorExited(body.path("agent_id").asText(), body.path("framework_id").asText(),
          body.path("executor_id").asText(), body.path("status").asInt());
      x.empty(202);
    }));
    routes.post(AgentProtocol.EXECUTOR_MESSAGE, agentCall((x, body) -> {
      master.executorMessage(body.path("agent_id").asText(), body.path("framework_id").asText(),
          body.path("executor_id").asText(), Base64.getDecoder().decode(body.path("data").asText()));
      x.empty(202);
    }));
    return new RoutingHandler(routes, new TextFailures("master",
        SchedulerEndpoint.PATH + ", /state, /health, /master/redirect, /maintenance/schedule, /maintenance/status,"
        + " /machine/down and /machine/up"), MesosRequests.MAX_BODY_BYTES);
  }

  private void state(Exchange x) throws Exception {
    MasterInfo leader = leadership.leader().orElse(null);
    x.json(200, ProtoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(master.state(leader)));
  }

  private void redirect(Exchange x) {
    MasterInfo leader = leadership.leader().orElseThrow(() -> new HttpError(503, "No leader elected"));
    x.header(HttpHeader.LOCATION.asString(), "//" + hostPort(leader)).empty(307);
  }

  /** Agents talk to the leading master only; their bodies are JSON objects. */
  private Route agentCall(AgentCall call) {
    return x -> {
      if (!leadership.isLeader()) {
        throw new HttpError(503, "This master is not the leader; agents must talk to the leading master");
      }
      call.handle(x, MesosRequests.jsonObject(x));
    };
  }

  private static ForwardedUpdate forwarded(JsonNode body) {
    return new ForwardedUpdate(body.path("agent_id").asText(), body.path("framework_id").asText(),
        ProtoJson.message(body.get("status"), TaskStatus.getDefaultInstance()));
  }

  static String hostPort(MasterInfo info) {
    String host = info.hasHostname() && !info.getHostname().isEmpty() ? info.getHostname()
        : info.getAddress().getIp();
    return host + ":" + info.getPort();
  }
}
