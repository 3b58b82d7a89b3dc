package io.github.auroradist.emulator.agent;

import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.MesosRequests;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Route;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.util.Map;
import org.apache.mesos.v1.executor.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;

/** {@code POST /api/v1/executor}: Mesos's checks of an executor call, then the call; SUBSCRIBE streams events. */
final class ExecutorEndpoint implements Route {
  static final String PATH = "/api/v1/executor";

  private final Agent agent;

  ExecutorEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(Exchange x) throws IOException {
    MesosContentType type = MesosRequests.contentType(x);
    Call call = MesosRequests.decode(type, MesosRequests.body(x), Call.getDefaultInstance());
    String problem = validate(call);
    if (problem != null) {
      throw HttpError.badRequest(problem);
    }
    String fw = call.getFrameworkId().getValue();
    String exec = call.getExecutorId().getValue();
    ExecutorApi.Refusal refusal = agent.checkExecutor(fw, exec, call.getType() == Call.Type.SUBSCRIBE);
    if (refusal != null) {
      throw new HttpError(refusal.status(), refusal.message());
    }
    switch (call.getType()) {
      case SUBSCRIBE -> {
        String accept = x.header(HttpHeader.ACCEPT.asString());
        MesosContentType eventType = MesosRequests.accepted(accept);
        if (eventType == null) {
          throw MesosRequests.notAcceptable(accept);
        }
        EventStream stream = MesosRequests.stream(x, "executor-" + exec,
            Map.of(HttpHeader.CONTENT_TYPE.asString(), eventType.mediaType()));
        agent.subscribe(fw, exec, stream, eventType, call.getSubscribe());
      }
      case UPDATE -> {
        String refused = agent.executorUpdate(fw, exec, call.getUpdate().getStatus());
        if (refused != null) {
          throw HttpError.badRequest(refused);
        }
        x.empty(202);
      }
      case MESSAGE -> {
        agent.executorMessage(fw, exec, call.getMessage().getData().toByteArray());
        x.empty(202);
      }
      default -> throw new HttpError(501, "The Mesos emulator does not implement " + call.getType()
          + " executor calls");
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
}
