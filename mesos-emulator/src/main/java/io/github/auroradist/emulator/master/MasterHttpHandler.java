package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.HttpExchange;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master's HTTP endpoints: /api/v1/scheduler, /state, /health, redirects and the agent protocol. */
public final class MasterHttpHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(MasterHttpHandler.class);
  public static final String SCHEDULER_PATH = "/api/v1/scheduler";

  private final Master master;
  private final Leadership leadership;

  public MasterHttpHandler(Master master, Leadership leadership) {
    this.master = master;
    this.leadership = leadership;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = HttpExchange.path(request);
    try {
      switch (path) {
        case SCHEDULER_PATH:
          return scheduler(request, response, callback);
        case "/state", "/state.json", "/master/state", "/master/state.json":
          MasterInfo leader = leadership.leader().orElse(null);
          return HttpExchange.json(response, callback, 200,
              ProtoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(master.state(leader)));
        case "/health", "/master/health":
          return HttpExchange.empty(response, callback, 200);
        case "/redirect", "/master/redirect":
          Optional<MasterInfo> current = leadership.leader();
          if (current.isEmpty()) {
            return HttpExchange.text(response, callback, 503, "No leader elected");
          }
          response.getHeaders().put(HttpHeader.LOCATION, "//" + hostPort(current.get()));
          return HttpExchange.empty(response, callback, 307);
        default:
          if (path.startsWith("/emulator/v1/agent/")) {
            return agentProtocol(path, request, response, callback);
          }
          return HttpExchange.text(response, callback, 404, "No endpoint " + path + " on the Mesos emulator"
              + " master; it serves " + SCHEDULER_PATH + ", /state, /health and /master/redirect");
      }
    } catch (IllegalArgumentException e) {
      return HttpExchange.text(response, callback, 400, e.getMessage());
    }
  }

  private static String hostPort(MasterInfo info) {
    String host = info.hasHostname() && !info.getHostname().isEmpty() ? info.getHostname()
        : info.getAddress().getIp();
    return host + ":" + info.getPort();
  }

  // ---------------------------------------------------------------- /api/v1/scheduler

  private boolean scheduler(Request request, Response response, Callback callback) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return HttpExchange.text(response, callback, 405,
          "Expecting a 'POST' request, received '" + request.getMethod() + "'");
    }
    if (!leadership.isLeader()) {
      Optional<MasterInfo> leader = leadership.leader();
      if (leader.isEmpty()) {
        return HttpExchange.text(response, callback, 503, "No leader elected");
      }
      response.getHeaders().put(HttpHeader.LOCATION, "//" + hostPort(leader.get()) + SCHEDULER_PATH);
      return HttpExchange.empty(response, callback, 307);
    }
    MesosContentType contentType = MesosContentType.fromHeader(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (contentType == null) {
      return HttpExchange.text(response, callback, 415, "Expecting 'Content-Type' of application/json or"
          + " application/x-protobuf, got '" + request.getHeaders().get(HttpHeader.CONTENT_TYPE) + "'");
    }
    byte[] body = HttpExchange.body(request);
    Call call;
    try {
      call = contentType.decode(body, Call.getDefaultInstance());
    } catch (IOException | RuntimeException e) {
      return HttpExchange.text(response, callback, 400, "Failed to parse body into Call protobuf: "
          + e.getMessage());
    }
    String problem = validate(call, body, contentType);
    if (problem != null) {
      return HttpExchange.text(response, callback, 400, problem);
    }
    String streamId = request.getHeaders().get(MesosContentType.STREAM_ID);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (streamId != null) {
        return HttpExchange.text(response, callback, 400,
            "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      }
      return subscribe(call, request, response, callback);
    }
    CallResult result = master.call(call, streamId);
    if (result.status() == 202) {
      return HttpExchange.empty(response, callback, 202);
    }
    return HttpExchange.text(response, callback, result.status(), result.message());
  }

  private boolean subscribe(Call call, Request request, Response response, Callback callback) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    MesosContentType eventType;
    String responseType;
    boolean recordIoEnvelope = false;
    if (accept == null || accept.isBlank() || accept.contains("*/*") || accept.contains("application/json")) {
      eventType = MesosContentType.JSON;
    } else if (accept.contains("application/x-protobuf")) {
      eventType = MesosContentType.PROTOBUF;
    } else if (accept.contains(MesosContentType.RECORDIO)) {
      // The operator-API style: the records' own type comes from Message-Accept.
      recordIoEnvelope = true;
      String messageAccept = request.getHeaders().get("Message-Accept");
      eventType = messageAccept != null && messageAccept.contains("application/x-protobuf")
          ? MesosContentType.PROTOBUF : MesosContentType.JSON;
    } else {
      return HttpExchange.text(response, callback, 406, "Expecting 'Accept' to allow application/json or"
          + " application/x-protobuf, got '" + accept + "'");
    }
    responseType = eventType.mediaType();
    CallResult refused = master.checkSubscribe(call);
    if (refused != null) {
      return HttpExchange.text(response, callback, refused.status(), refused.message());
    }
    String streamId = UUID.randomUUID().toString();
    response.setStatus(200);
    if (recordIoEnvelope) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, MesosContentType.RECORDIO);
      response.getHeaders().put(MesosContentType.MESSAGE_CONTENT_TYPE, responseType);
    } else {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, responseType);
    }
    response.getHeaders().put(MesosContentType.STREAM_ID, streamId);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    EventStream stream = EventStream.start("scheduler-" + streamId, request, response, callback);
    master.subscribe(call, stream, streamId, eventType);
    return true;
  }

  /** Mesos's own checks of a scheduler call; the message names the problem. */
  static String validate(Call call, byte[] body, MesosContentType type) {
    if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
      if (type == MesosContentType.JSON) {
        try {
          JsonNode raw = ProtoJson.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
          if (raw.hasNonNull("type")) {
            return "Unknown call type '" + raw.get("type").asText() + "'; expected one of SUBSCRIBE, TEARDOWN,"
                + " ACCEPT, DECLINE, REVIVE, SUPPRESS, KILL, SHUTDOWN, ACKNOWLEDGE, RECONCILE, MESSAGE, REQUEST";
          }
        } catch (IOException e) {
          return "Failed to parse body into Call protobuf: " + e.getMessage();
        }
      }
      return "Expecting 'type' to be present";
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (!call.hasSubscribe()) {
        return "Expecting 'subscribe' to be present";
      }
      if (call.hasFrameworkId() && !call.getFrameworkId().equals(call.getSubscribe().getFrameworkInfo().getId())) {
        return "'framework_id' differs from 'subscribe.framework_info.id'";
      }
      return null;
    }
    if (!call.hasFrameworkId()) {
      return "Expecting 'framework_id' to be present";
    }
    return switch (call.getType()) {
      case ACCEPT -> call.hasAccept() ? null : "Expecting 'accept' to be present";
      case DECLINE -> call.hasDecline() ? null : "Expecting 'decline' to be present";
      case KILL -> call.hasKill() ? null : "Expecting 'kill' to be present";
      case SHUTDOWN -> call.hasShutdown() ? null : "Expecting 'shutdown' to be present";
      case ACKNOWLEDGE -> call.hasAcknowledge() ? null : "Expecting 'acknowledge' to be present";
      case RECONCILE -> call.hasReconcile() ? null : "Expecting 'reconcile' to be present";
      case MESSAGE -> call.hasMessage() ? null : "Expecting 'message' to be present";
      default -> null;
    };
  }

  // ---------------------------------------------------------------- agent protocol

  private boolean agentProtocol(String path, Request request, Response response, Callback callback)
      throws IOException {
    if (!leadership.isLeader()) {
      return HttpExchange.text(response, callback, 503, "This master is not the leader; agents must"
          + " talk to the leading master");
    }
    JsonNode body;
    try {
      body = ProtoJson.MAPPER.readTree(HttpExchange.body(request));
    } catch (IOException e) {
      return HttpExchange.text(response, callback, 400, "agent protocol bodies are JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      return HttpExchange.text(response, callback, 400, "agent protocol bodies are JSON objects");
    }
    String agentId = body.path("agent_id").asText();
    switch (path) {
      case AgentProtocol.REGISTER -> {
        AgentReply reply = master.registerAgent(body);
        return HttpExchange.json(response, callback, reply.status(),
            ProtoJson.MAPPER.writeValueAsString(reply.body()));
      }
      case AgentProtocol.PING -> {
        int status = master.ping(agentId);
        return HttpExchange.text(response, callback, status, status == 200 ? "" : "unknown or removed agent");
      }
      case AgentProtocol.STATUS -> {
        TaskStatus status = ProtoJson.message(body.get("status"), TaskStatus.getDefaultInstance());
        master.statusUpdate(agentId, body.path("framework_id").asText(), status);
        return HttpExchange.empty(response, callback, 202);
      }
      case AgentProtocol.EXECUTOR_EXITED -> {
        master.executorExited(agentId, body.path("framework_id").asText(), body.path("executor_id").asText(),
            body.path("status").asInt());
        return HttpExchange.empty(response, callback, 202);
      }
      case AgentProtocol.EXECUTOR_MESSAGE -> {
        master.executorMessage(agentId, body.path("framework_id").asText(), body.path("executor_id").asText(),
            Base64.getDecoder().decode(body.path("data").asText()));
        return HttpExchange.empty(response, callback, 202);
      }
      default -> {
        LOG.debug("unknown agent protocol path {}", path);
        return HttpExchange.text(response, callback, 404, "No agent protocol endpoint " + path);
      }
    }
  }
}
