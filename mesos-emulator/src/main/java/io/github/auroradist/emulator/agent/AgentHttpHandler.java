package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.HttpExchange;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.util.Base64;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The agent's HTTP endpoints: /api/v1/executor, /state, /health and the master's side of the agent protocol. */
public final class AgentHttpHandler extends Handler.Abstract {
  public static final String EXECUTOR_PATH = "/api/v1/executor";

  private final Agent agent;

  public AgentHttpHandler(Agent agent) {
    this.agent = agent;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = HttpExchange.path(request);
    try {
      switch (path) {
        case EXECUTOR_PATH:
          return executor(request, response, callback);
        case "/state", "/state.json", "/slave(1)/state", "/slave(1)/state.json":
          return HttpExchange.json(response, callback, 200,
              ProtoJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(agent.state()));
        case "/health", "/slave(1)/health":
          return HttpExchange.empty(response, callback, 200);
        default:
          if (path.startsWith("/emulator/v1/master/")) {
            return fromMaster(path, request, response, callback);
          }
          return HttpExchange.text(response, callback, 404, "No endpoint " + path + " on the Mesos emulator"
              + " agent; it serves " + EXECUTOR_PATH + ", /state and /health");
      }
    } catch (IllegalArgumentException e) {
      return HttpExchange.text(response, callback, 400, e.getMessage());
    } catch (IllegalStateException e) {
      return HttpExchange.text(response, callback, 503, e.getMessage());
    }
  }

  // ---------------------------------------------------------------- /api/v1/executor

  private boolean executor(Request request, Response response, Callback callback) throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return HttpExchange.text(response, callback, 405,
          "Expecting a 'POST' request, received '" + request.getMethod() + "'");
    }
    MesosContentType contentType = MesosContentType.fromHeader(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (contentType == null) {
      return HttpExchange.text(response, callback, 415, "Expecting 'Content-Type' of application/json or"
          + " application/x-protobuf, got '" + request.getHeaders().get(HttpHeader.CONTENT_TYPE) + "'");
    }
    Call call;
    try {
      call = contentType.decode(HttpExchange.body(request), Call.getDefaultInstance());
    } catch (IOException | RuntimeException e) {
      return HttpExchange.text(response, callback, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
    }
    String problem = validate(call);
    if (problem != null) {
      return HttpExchange.text(response, callback, 400, problem);
    }
    String fw = call.getFrameworkId().getValue();
    String exec = call.getExecutorId().getValue();
    ExecutorApi.Refusal refusal = agent.checkExecutor(fw, exec, call.getType() == Call.Type.SUBSCRIBE);
    if (refusal != null) {
      return HttpExchange.text(response, callback, refusal.status(), refusal.message());
    }
    switch (call.getType()) {
      case SUBSCRIBE -> {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        MesosContentType eventType;
        if (accept == null || accept.isBlank() || accept.contains("*/*") || accept.contains("application/json")) {
          eventType = MesosContentType.JSON;
        } else if (accept.contains("application/x-protobuf")) {
          eventType = MesosContentType.PROTOBUF;
        } else {
          return HttpExchange.text(response, callback, 406, "Expecting 'Accept' to allow application/json or"
              + " application/x-protobuf, got '" + accept + "'");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, eventType.mediaType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        EventStream stream = EventStream.start("executor-" + exec, request, response, callback);
        agent.subscribe(fw, exec, stream, eventType, call.getSubscribe());
        return true;
      }
      case UPDATE -> {
        String refused = agent.executorUpdate(fw, exec, call.getUpdate().getStatus());
        if (refused != null) {
          return HttpExchange.text(response, callback, 400, refused);
        }
        return HttpExchange.empty(response, callback, 202);
      }
      case MESSAGE -> {
        agent.executorMessage(fw, exec, call.getMessage().getData().toByteArray());
        return HttpExchange.empty(response, callback, 202);
      }
      default -> {
        return HttpExchange.text(response, callback, 501, "The Mesos emulator does not implement " + call.getType()
            + " executor calls");
      }
    }
  }

  static String validate(Call call) {
    if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
      return "Expecting 'type' to be present (unknown call types are rejected)";
    }
    if (!call.hasFrameworkId()) {
      return "Expecting 'framework_id' to be present";
    }
    if (!call.hasExecutorId()) {
      return "Expecting 'executor_id' to be present";
    }
    return switch (call.getType()) {
      case SUBSCRIBE -> call.hasSubscribe() ? null : "Expecting 'subscribe' to be present";
      case UPDATE -> call.hasUpdate() ? null : "Expecting 'update' to be present";
      case MESSAGE -> call.hasMessage() ? null : "Expecting 'message' to be present";
      default -> null;
    };
  }

  // ---------------------------------------------------------------- agent protocol, master side

  private boolean fromMaster(String path, Request request, Response response, Callback callback) throws IOException {
    JsonNode body;
    try {
      body = ProtoJson.MAPPER.readTree(HttpExchange.body(request));
    } catch (IOException e) {
      return HttpExchange.text(response, callback, 400, "agent protocol bodies are JSON: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      return HttpExchange.text(response, callback, 400, "agent protocol bodies are JSON objects");
    }
    String fw = body.path("framework_id").asText();
    switch (path) {
      case AgentProtocol.RUN -> agent.run(ProtoJson.message(body.get("framework_info"), FrameworkInfo.getDefaultInstance()),
          ProtoJson.message(body.get("task"), TaskInfo.getDefaultInstance()));
      case AgentProtocol.KILL -> agent.kill(fw, body.path("task_id").asText(),
          body.has("kill_policy") ? ProtoJson.message(body.get("kill_policy"), KillPolicy.getDefaultInstance()) : null);
      case AgentProtocol.ACKNOWLEDGE -> agent.acknowledge(fw, body.path("task_id").asText(),
          ByteString.copyFrom(Base64.getDecoder().decode(body.path("uuid").asText())));
      case AgentProtocol.SHUTDOWN_FRAMEWORK -> agent.shutdownFramework(fw);
      case AgentProtocol.SHUTDOWN_EXECUTOR -> agent.shutdownExecutor(fw, body.path("executor_id").asText());
      case AgentProtocol.FRAMEWORK_MESSAGE -> agent.frameworkMessage(fw, body.path("executor_id").asText(),
          Base64.getDecoder().decode(body.path("data").asText()));
      default -> {
        return HttpExchange.text(response, callback, 404, "No agent protocol endpoint " + path);
      }
    }
    return HttpExchange.empty(response, callback, 202);
  }
}
