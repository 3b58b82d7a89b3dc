package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.MesosRequests;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Route;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@code POST /api/v1/scheduler}: Mesos's checks of a scheduler call, then the call; a SUBSCRIBE is
 * answered with the framework's event stream. A master that does not lead redirects to the one that does.
 */
final class SchedulerEndpoint implements Route {
  static final String PATH = "/api/v1/scheduler";

  private final Master master;
  private final Leadership leadership;

  SchedulerEndpoint(Master master, Leadership leadership) {
    this.master = master;
    this.leadership = leadership;
  }

  @Override
  public void handle(Exchange x) throws IOException {
    if (!leadership.isLeader()) {
      MasterInfo leader = leadership.leader().orElseThrow(() -> new HttpError(503, "No leader elected"));
      x.header(HttpHeader.LOCATION.asString(), "//" + MasterRoutes.hostPort(leader) + PATH).empty(307);
      return;
    }
    MesosContentType type = MesosRequests.contentType(x);
    byte[] body = MesosRequests.body(x);
    Call call = MesosRequests.decode(type, body, Call.getDefaultInstance());
    String problem = validate(call, body, type);
    if (problem != null) {
      throw HttpError.badRequest(problem);
    }
    String streamId = x.header(MesosContentType.STREAM_ID);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (streamId != null) {
        throw HttpError.badRequest("Subscribe calls should not include the 'Mesos-Stream-Id' header");
      }
      subscribe(x, call);
      return;
    }
    CallResult result = master.call(call, streamId);
    if (result.status() != 202) {
      throw new HttpError(result.status(), result.message());
    }
    x.empty(202);
  }

  private void subscribe(Exchange x, Call call) {
    String accept = x.header(HttpHeader.ACCEPT.asString());
    MesosContentType eventType = MesosRequests.accepted(accept);
    Map<String, String> headers = new LinkedHashMap<>();
    if (eventType != null) {
      headers.put(HttpHeader.CONTENT_TYPE.asString(), eventType.mediaType());
    } else if (accept.contains(MesosContentType.RECORDIO)) {
      // The operator-API style: the records' own type comes from Message-Accept.
      String messageAccept = x.header("Message-Accept");
      eventType = messageAccept != null && messageAccept.contains("application/x-protobuf")
          ? MesosContentType.PROTOBUF : MesosContentType.JSON;
      headers.put(HttpHeader.CONTENT_TYPE.asString(), MesosContentType.RECORDIO);
      headers.put(MesosContentType.MESSAGE_CONTENT_TYPE, eventType.mediaType());
    } else {
      throw MesosRequests.notAcceptable(accept);
    }
    CallResult refused = master.checkSubscribe(call);
    if (refused != null) {
      throw new HttpError(refused.status(), refused.message());
    }
    String streamId = UUID.randomUUID().toString();
    headers.put(MesosContentType.STREAM_ID, streamId);
    EventStream stream = MesosRequests.stream(x, "scheduler-" + streamId, headers);
    master.subscribe(call, stream, streamId, eventType);
  }

  /** Mesos's own checks of a scheduler call; the message names the problem. */
  static String validate(Call call, byte[] body, MesosContentType type) {
    if (!call.hasType() || call.getType() == Call.Type.UNKNOWN) {
      if (type == MesosContentType.JSON) {
        try {
          JsonNode raw = ProtoJson.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
          if (raw.hasNonNull("type")) {
            return "Unknown call type '" + raw.get("type").asText() + "'; expected one of SUBSCRIBE, TEARDOWN,"
                + " ACCEPT, DECLINE, REVIVE, SUPPRESS, KILL, SHUTDOWN, ACKNOWLEDGE, RECONCILE, MESSAGE, REQUEST,"
                + " ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS";
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
      case ACCEPT_INVERSE_OFFERS -> call.hasAcceptInverseOffers() ? null
          : "Expecting 'accept_inverse_offers' to be present";
      case DECLINE_INVERSE_OFFERS -> call.hasDeclineInverseOffers() ? null
          : "Expecting 'decline_inverse_offers' to be present";
      default -> null;
    };
  }
}
