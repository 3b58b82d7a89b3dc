package io.github.auroradist.emulator.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.github.auroradist.emulator.http.MesosRequests;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.http.Exchange;
import io.github.auroradist.http.HttpError;
import io.github.auroradist.http.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.maintenance.Protos.Schedule;

/**
 * Mesos's maintenance endpoints: {@code /maintenance/schedule} (GET, POST), {@code /maintenance/status},
 * {@code /machine/down} and {@code /machine/up}, also under {@code /master}. Bodies are Mesos's JSON; a body that
 * does not parse is a 400 naming what is wrong.
 */
final class MaintenanceRoutes {
  /** Strict: a misspelt field is refused, not ignored (a schedule that silently lost a field would mislead). */
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();

  private final Master master;
  private final Leadership leadership;

  MaintenanceRoutes(Master master, Leadership leadership) {
    this.master = master;
    this.leadership = leadership;
  }

  void addTo(Routes routes) {
    for (String prefix : new String[] {"", "/master"}) {
      routes.get(prefix + "/maintenance/schedule", x -> json(x, master.maintenanceSchedule()));
      routes.post(prefix + "/maintenance/schedule", x -> {
        requireLeader();
        master.updateMaintenanceSchedule(parse(text(x), Schedule.getDefaultInstance(), "maintenance schedule"));
        x.empty(200);
      });
      routes.get(prefix + "/maintenance/status", x -> json(x, master.maintenanceStatus()));
      routes.post(prefix + "/machine/down", x -> {
        requireLeader();
        master.machinesDown(machines(text(x)));
        x.empty(200);
      });
      routes.post(prefix + "/machine/up", x -> {
        requireLeader();
        master.machinesUp(machines(text(x)));
        x.empty(200);
      });
    }
  }

  private void requireLeader() {
    if (!leadership.isLeader()) {
      throw new HttpError(503, "This master is not the leader; send maintenance requests to the leading master");
    }
  }

  private static String text(Exchange x) throws IOException {
    return new String(MesosRequests.body(x), StandardCharsets.UTF_8);
  }

  /** A JSON list of machine ids, {@code [{"hostname": h, "ip": i}, ...]}. */
  private static List<MachineID> machines(String body) {
    JsonNode list;
    try {
      list = ProtoJson.MAPPER.readTree(body);
    } catch (IOException e) {
      throw HttpError.badRequest("Failed to parse the machine list: not JSON: " + firstLine(e.getMessage()));
    }
    if (list == null || !list.isArray()) {
      throw HttpError.badRequest("Failed to parse the machine list: give a JSON list of machine ids,"
          + " [{\"hostname\": h, \"ip\": i}]");
    }
    List<MachineID> out = new ArrayList<>();
    for (JsonNode m : list) {
      out.add(parse(m.toString(), MachineID.getDefaultInstance(), "machine id"));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Message> T parse(String body, T prototype, String what) {
    Message.Builder builder = prototype.newBuilderForType();
    try {
      PARSER.merge(body, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw HttpError.badRequest("Failed to parse the " + what + ": " + firstLine(e.getMessage()));
    }
    return (T) builder.build();
  }

  private static void json(Exchange x, Message message) throws IOException {
    x.json(200, PRINTER.print(message));
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
