package io.github.auroradist.emulator.master;

import io.github.auroradist.http.HttpError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.InverseOffer;
import org.apache.mesos.v1.Protos.MachineID;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.allocator.Protos.InverseOfferStatus;
import org.apache.mesos.v1.maintenance.Protos.ClusterStatus;
import org.apache.mesos.v1.maintenance.Protos.Schedule;
import org.apache.mesos.v1.maintenance.Protos.Window;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * Mesos's maintenance primitives: the schedule of machines' unavailability windows, machines taken down and brought
 * up, and inverse offers that ask each subscribed framework to leave the agents of scheduled machines. A framework's
 * answer (accept or decline) is recorded in the status; it is asked again once the answer's refuse time has passed.
 * Agents on down machines get no offers. Runs under the master's lock.
 */
final class Maintenance {
  private static final double DEFAULT_REFUSE_SECONDS = 5.0;

  /** An inverse offer not yet answered. */
  private record Outstanding(Framework framework, RegisteredAgent agent, MachineID machine) {
  }

  private final String masterId;
  private final FrameworkRegistry frameworks;
  private final AgentRegistry agents;
  private Schedule schedule = Schedule.getDefaultInstance();
  private final Set<MachineID> down = new HashSet<>();
  private final Map<String, Outstanding> outstanding = new LinkedHashMap<>();
  /** Per machine, each framework's latest answer. */
  private final Map<MachineID, Map<String, InverseOfferStatus>> answers = new LinkedHashMap<>();
  /** Framework/agent pairs not to ask again until the time given. */
  private final Map<String, Instant> refused = new LinkedHashMap<>();
  private long seq;

  Maintenance(String masterId, FrameworkRegistry frameworks, AgentRegistry agents) {
    this.masterId = masterId;
    this.frameworks = frameworks;
    this.agents = agents;
  }

  Schedule schedule() {
    return schedule;
  }

  /** Replaces the schedule (Mesos's checks), withdraws inverse offers for machines it drops, and offers the rest. */
  void updateSchedule(Schedule next) {
    Set<MachineID> scheduled = new HashSet<>();
    for (int w = 0; w < next.getWindowsCount(); w++) {
      Window window = next.getWindows(w);
      if (window.getMachineIdsCount() == 0) {
        throw HttpError.badRequest("windows[" + w + "].machine_ids: list at least one machine ({\"hostname\": h,"
            + " \"ip\": i})");
      }
      if (!window.hasUnavailability() || !window.getUnavailability().hasStart()) {
        throw HttpError.badRequest("windows[" + w + "].unavailability.start: give when the machines become"
            + " unavailable ({\"nanoseconds\": n})");
      }
      for (MachineID m : window.getMachineIdsList()) {
        if (m.getHostname().isEmpty() && m.getIp().isEmpty()) {
          throw HttpError.badRequest("windows[" + w + "].machine_ids: a machine needs a hostname or an ip");
        }
        if (!scheduled.add(m)) {
          throw HttpError.badRequest("Machine '" + describe(m) + "' appears more than once in the schedule");
        }
      }
    }
    for (MachineID m : down) {
      if (!scheduled.contains(m)) {
        throw HttpError.badRequest("Machine '" + describe(m) + "' is down and must stay in the schedule; bring it"
            + " up first (POST /machine/up)");
      }
    }
    schedule = next;
    for (Map.Entry<String, Outstanding> e : new ArrayList<>(outstanding.entrySet())) {
      if (!scheduled.contains(e.getValue().machine())) {
        rescind(e.getKey(), e.getValue());
      }
    }
    answers.keySet().retainAll(scheduled);
    refused.clear();
    offer();
  }

  /** Takes scheduled machines down: their agents get no more offers. */
  void down(List<MachineID> machines) {
    requireMachines(machines);
    for (MachineID m : machines) {
      if (window(m) == null) {
        throw HttpError.badRequest("Machine '" + describe(m) + "' is not in DRAINING mode and cannot be brought"
            + " down; add it to the schedule first (POST /maintenance/schedule)");
      }
    }
    for (MachineID m : machines) {
      down.add(m);
      new ArrayList<>(outstanding.entrySet()).stream().filter(e -> e.getValue().machine().equals(m))
          .forEach(e -> rescind(e.getKey(), e.getValue()));
    }
  }

  /** Brings down machines up: they leave the schedule. */
  void up(List<MachineID> machines) {
    requireMachines(machines);
    for (MachineID m : machines) {
      if (!down.contains(m)) {
        throw HttpError.badRequest("Machine '" + describe(m) + "' is not in DOWN mode and cannot be brought up");
      }
    }
    Schedule.Builder next = Schedule.newBuilder();
    for (Window w : schedule.getWindowsList()) {
      List<MachineID> left = new ArrayList<>(w.getMachineIdsList());
      left.removeAll(machines);
      if (!left.isEmpty()) {
        next.addWindows(w.toBuilder().clearMachineIds().addAllMachineIds(left));
      }
    }
    machines.forEach(down::remove);
    machines.forEach(answers::remove);
    schedule = next.build();
  }

  ClusterStatus status() {
    ClusterStatus.Builder status = ClusterStatus.newBuilder();
    for (Window w : schedule.getWindowsList()) {
      for (MachineID m : w.getMachineIdsList()) {
        if (down.contains(m)) {
          status.addDownMachines(m);
        } else {
          status.addDrainingMachinesBuilder().setId(m)
              .addAllStatuses(answers.getOrDefault(m, Map.of()).values());
        }
      }
    }
    return status.build();
  }

  boolean isDown(RegisteredAgent agent) {
    return !down.isEmpty() && down.stream().anyMatch(m -> runsOn(m, agent));
  }

  /** ACCEPT_INVERSE_OFFERS and DECLINE_INVERSE_OFFERS. */
  void answer(Framework fw, List<OfferID> ids, Filters filters, boolean accepted) {
    for (OfferID id : ids) {
      Outstanding o = outstanding.get(id.getValue());
      if (o == null || o.framework() != fw) {
        continue;
      }
      outstanding.remove(id.getValue());
      answers.computeIfAbsent(o.machine(), k -> new LinkedHashMap<>()).put(fw.id.getValue(),
          InverseOfferStatus.newBuilder().setFrameworkId(fw.id)
              .setStatus(accepted ? InverseOfferStatus.Status.ACCEPT : InverseOfferStatus.Status.DECLINE)
              .setTimestamp(TimeInfo.newBuilder().setNanoseconds(nanos(Instant.now()))).build());
      double refuse = filters != null && filters.hasRefuseSeconds() ? filters.getRefuseSeconds()
          : DEFAULT_REFUSE_SECONDS;
      refused.put(pair(fw, o.agent()), Instant.now().plus(Duration.ofMillis((long) (refuse * 1000))));
    }
  }

  /** A framework (re-)subscribed: the inverse offers of its earlier stream are gone. */
  void subscribed(Framework fw) {
    outstanding.values().removeIf(o -> o.framework() == fw);
    refused.keySet().removeIf(k -> k.startsWith(fw.id.getValue() + "/"));
    offer();
  }

  /** Sends each subscribed framework an inverse offer for each scheduled agent it has none for. */
  void offer() {
    Instant now = Instant.now();
    for (Framework fw : frameworks.active()) {
      if (fw.stream == null) {
        continue;
      }
      List<InverseOffer> made = new ArrayList<>();
      for (RegisteredAgent agent : agents.all()) {
        MachineID machine = machineOf(agent);
        if (machine == null || down.contains(machine) || hasOutstanding(fw, agent)) {
          continue;
        }
        Instant until = refused.get(pair(fw, agent));
        if (until != null && until.isAfter(now)) {
          continue;
        }
        OfferID id = OfferID.newBuilder().setValue(masterId + "-I" + seq++).build();
        outstanding.put(id.getValue(), new Outstanding(fw, agent, machine));
        made.add(InverseOffer.newBuilder().setId(id).setFrameworkId(fw.id).setAgentId(agent.id)
            .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)").setAddress(Address.newBuilder()
                .setHostname(agent.info.getHostname()).setIp(agent.endpoint.getHost())
                .setPort(agent.endpoint.getPort())))
            .setUnavailability(window(machine).getUnavailability()).build());
      }
      if (!made.isEmpty()) {
        fw.send(Event.newBuilder().setType(Event.Type.INVERSE_OFFERS)
            .setInverseOffers(Event.InverseOffers.newBuilder().addAllInverseOffers(made)).build());
      }
    }
  }

  private void rescind(String id, Outstanding o) {
    outstanding.remove(id);
    o.framework().send(Event.newBuilder().setType(Event.Type.RESCIND_INVERSE_OFFER)
        .setRescindInverseOffer(Event.RescindInverseOffer.newBuilder()
            .setInverseOfferId(OfferID.newBuilder().setValue(id))).build());
  }

  private boolean hasOutstanding(Framework fw, RegisteredAgent agent) {
    return outstanding.values().stream().anyMatch(o -> o.framework() == fw && o.agent() == agent);
  }

  /** The scheduled machine an agent runs on, if any. */
  private MachineID machineOf(RegisteredAgent agent) {
    for (Window w : schedule.getWindowsList()) {
      for (MachineID m : w.getMachineIdsList()) {
        if (runsOn(m, agent)) {
          return m;
        }
      }
    }
    return null;
  }

  private Window window(MachineID machine) {
    return schedule.getWindowsList().stream().filter(w -> w.getMachineIdsList().contains(machine)).findFirst()
        .orElse(null);
  }

  private static boolean runsOn(MachineID m, RegisteredAgent agent) {
    if (agent.info == null) {
      return false;
    }
    boolean hostname = !m.getHostname().isEmpty() && m.getHostname().equalsIgnoreCase(agent.info.getHostname());
    boolean ip = !m.getIp().isEmpty() && agent.endpoint != null && m.getIp().equals(agent.endpoint.getHost());
    return hostname || ip;
  }

  private static void requireMachines(List<MachineID> machines) {
    if (machines.isEmpty()) {
      throw HttpError.badRequest("list at least one machine: [{\"hostname\": h, \"ip\": i}]");
    }
  }

  private static String pair(Framework fw, RegisteredAgent agent) {
    return fw.id.getValue() + "/" + agent.id.getValue();
  }

  private static String describe(MachineID m) {
    return m.getHostname() + (m.getIp().isEmpty() ? "" : " (" + m.getIp() + ")");
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
