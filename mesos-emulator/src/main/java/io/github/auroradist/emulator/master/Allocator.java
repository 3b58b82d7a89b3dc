package io.github.auroradist.emulator.master;

import io.github.auroradist.emulator.resources.ResourceSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers: each agent's free resources go to one subscribed, unsuppressed, unfiltered framework at a
 * time, round robin, every allocation interval; offers older than the offer timeout are rescinded.
 */
final class Allocator {
  private static final Logger LOG = LoggerFactory.getLogger(Allocator.class);
  private static final double DEFAULT_REFUSE_SECONDS = 5.0;

  private final MasterConfig config;
  private final String masterId;
  private final MasterLock lock;
  private final FrameworkRegistry frameworks;
  private final AgentRegistry agents;
  private final Map<String, OfferRecord> offers = new LinkedHashMap<>();
  private boolean started;
  private long seq;
  private int roundRobin;
  /** Agents on machines taken down for maintenance: they get no offers. */
  private final Predicate<RegisteredAgent> down;

  Allocator(MasterConfig config, String masterId, MasterLock lock, FrameworkRegistry frameworks, AgentRegistry agents,
      Predicate<RegisteredAgent> down) {
    this.down = down;
    this.config = config;
    this.masterId = masterId;
    this.lock = lock;
    this.frameworks = frameworks;
    this.agents = agents;
  }

  /** Starts offering (not before: agents may register while the master is still starting). */
  void start() {
    started = true;
    lock.every(config.allocationInterval(), this::allocate);
    if (config.offerTimeout() != null) {
      lock.every(Duration.ofMillis(Math.max(50, config.offerTimeout().toMillis() / 4)), this::expire);
    }
  }

  /** Offers what is free without waiting for the next interval. */
  void allocateSoon() {
    lock.soon(this::allocate);
  }

  private void allocate() {
    if (!started) {
      return;
    }
    List<Framework> candidates = new ArrayList<>();
    for (Framework fw : frameworks.active()) {
      if (fw.stream != null && !fw.suppressed) {
        candidates.add(fw);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    Map<Framework, List<Offer>> made = new LinkedHashMap<>();
    Instant now = Instant.now();
    IdentityHashMap<RegisteredAgent, ResourceSet> offered = offeredByAgent();
    for (RegisteredAgent agent : agents.all()) {
      ResourceSet available = agent.total.minus(agent.used()).minus(offered.getOrDefault(agent, ResourceSet.EMPTY));
      if (belowMinimum(available) || down.test(agent)) {
        continue;
      }
      for (int i = 0; i < candidates.size(); i++) {
        Framework fw = candidates.get((roundRobin + i) % candidates.size());
        // Like Mesos, GPUs only go to frameworks that declare GPU_RESOURCES.
        ResourceSet offerable = fw.hasCapability(FrameworkInfo.Capability.Type.GPU_RESOURCES)
            ? available : available.without("gpus");
        if (belowMinimum(offerable)) {
          continue;
        }
        Framework.Filter filter = fw.filters.get(agent.id.getValue());
        if (filter != null && filter.until().isAfter(now) && filter.resources().contains(offerable)) {
          continue;
        }
        if (filter != null && !filter.until().isAfter(now)) {
          fw.filters.remove(agent.id.getValue());
        }
        OfferRecord offer = new OfferRecord(
            OfferID.newBuilder().setValue(masterId + "-O" + seq++).build(), fw, agent, offerable, now);
        offers.put(offer.id().getValue(), offer);
        made.computeIfAbsent(fw, k -> new ArrayList<>()).add(toProto(offer));
        roundRobin++;
        break;
      }
    }
    made.forEach((fw, list) -> fw.send(Event.newBuilder().setType(Event.Type.OFFERS)
        .setOffers(Event.Offers.newBuilder().addAllOffers(list)).build()));
  }

  /** Mesos's minimum allocatable resources. */
  private static boolean belowMinimum(ResourceSet resources) {
    return resources.scalar("cpus") < 0.01 && resources.scalar("mem") < 32;
  }

  /**
   * What each agent has in outstanding offers (agents without any are absent), summed in one pass over the offers:
   * summing them agent by agent walked every offer for every agent, which with thousands of agents held the
   * master's lock for most of each allocation.
   */
  IdentityHashMap<RegisteredAgent, ResourceSet> offeredByAgent() {
    IdentityHashMap<RegisteredAgent, ResourceSet> offered = new IdentityHashMap<>();
    for (OfferRecord offer : offers.values()) {
      offered.merge(offer.agent(), offer.resources(), ResourceSet::plus);
    }
    return offered;
  }

  List<OfferRecord> offersOf(Framework fw) {
    List<OfferRecord> list = new ArrayList<>();
    for (OfferRecord offer : offers.values()) {
      if (offer.framework() == fw) {
        list.add(offer);
      }
    }
    return list;
  }

  private Offer toProto(OfferRecord offer) {
    RegisteredAgent agent = offer.agent();
    String role = offer.framework().allocationRole();
    Offer.Builder b = Offer.newBuilder().setId(offer.id()).setFrameworkId(offer.framework().id)
        .setAgentId(agent.id).setHostname(agent.info.getHostname())
        .setUrl(URL.newBuilder().setScheme("http").setPath("/slave(1)").setAddress(Address.newBuilder()
            .setHostname(agent.info.getHostname()).setIp(agent.endpoint.getHost())
            .setPort(agent.endpoint.getPort())))
        .addAllResources(offer.resources().toProtos(role))
        .addAllAttributes(agent.info.getAttributesList());
    if (role != null) {
      b.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
    }
    for (ExecutorRecord executor : agent.executors()) {
      if (executor.frameworkId().equals(offer.framework().id)) {
        b.addExecutorIds(executor.executorId());
      }
    }
    return b.build();
  }

  /** Takes an offer out for an ACCEPT, whoever it was made to; null when there is no such offer. */
  OfferRecord take(OfferID id) {
    return offers.remove(id.getValue());
  }

  /** DECLINE: the framework's offers go back, filtered for the decline's refuse_seconds. */
  void decline(Framework fw, List<OfferID> ids, Filters filters) {
    for (OfferID id : ids) {
      OfferRecord offer = offers.get(id.getValue());
      if (offer != null && offer.framework() == fw) {
        offers.remove(id.getValue());
        filter(fw, offer.agent(), offer.resources(), filters);
      }
    }
  }

  /** Keeps the resources of the agent from the framework for refuse_seconds (default 5). */
  void filter(Framework fw, RegisteredAgent agent, ResourceSet resources, Filters filters) {
    double seconds = filters.hasRefuseSeconds() ? filters.getRefuseSeconds() : DEFAULT_REFUSE_SECONDS;
    if (seconds <= 0) {
      return;
    }
    Instant until = Instant.now().plusMillis((long) (seconds * 1000));
    fw.filters.put(agent.id.getValue(), new Framework.Filter(resources, until));
  }

  void revive(Framework fw) {
    fw.filters.clear();
    fw.suppressed = false;
    allocateSoon();
  }

  void suppress(Framework fw) {
    fw.suppressed = true;
  }

  /** The framework's offers go back without a RESCIND (it is gone or disconnected). */
  void withdraw(Framework fw) {
    offers.values().removeIf(offer -> offer.framework() == fw);
  }

  /** Rescinds every offer of the agent. */
  void rescindOn(RegisteredAgent agent) {
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.agent() == agent) {
        rescind(offer);
      }
    }
  }

  private void rescind(OfferRecord offer) {
    offers.remove(offer.id().getValue());
    offer.framework().send(Event.newBuilder().setType(Event.Type.RESCIND)
        .setRescind(Event.Rescind.newBuilder().setOfferId(offer.id())).build());
  }

  private void expire() {
    Instant limit = Instant.now().minus(config.offerTimeout());
    for (OfferRecord offer : new ArrayList<>(offers.values())) {
      if (offer.created().isBefore(limit)) {
        LOG.debug("offer {} timed out", offer.id().getValue());
        rescind(offer);
      }
    }
  }
}
