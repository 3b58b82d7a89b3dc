package io.github.auroradist.scheduler.mesos;

import com.google.protobuf.ByteString;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.mesos.detect.MasterDetector;
import io.github.auroradist.mesos.scheduler.MesosSchedulerClient;
import io.github.auroradist.mesos.scheduler.SchedulerClientOptions;
import io.github.auroradist.mesos.scheduler.SchedulerListener;
import io.github.auroradist.scheduler.SchedulerSettings;
import io.github.auroradist.scheduler.lifecycle.LifecycleState;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.scheduler.lifecycle.SchedulerLifecycle;
import io.github.auroradist.scheduler.lifecycle.SchedulerTimers;
import io.github.auroradist.scheduler.maintenance.MesosMaintenance;
import io.github.auroradist.scheduler.offers.OfferPlacer;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskStateMachine;
import io.github.auroradist.scheduler.stats.Stats;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.InverseOffer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler as a Mesos framework: subscribes (re-using the stored framework id, so Mesos keeps
 * the tasks across restarts within the failover timeout), places pending tasks into offers, turns
 * status updates into task state changes, sends kills, and reconciles task states with Mesos.
 */
public final class MesosFramework implements SchedulerListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MesosFramework.class);
  private static final int RECONCILE_BATCH = 1000;
  /** How long Mesos keeps an offer we declined away from us. */
  private static final double DECLINE_SECONDS = 5;
  /** Calls to the master sent at once, each lane in order (enough to keep acknowledgements up with updates). */
  private static final int CALL_LANES = 16;
  /**
   * Acknowledgements sent at once, on lanes of their own. Mesos v1 has one ACKNOWLEDGE call per update and holds
   * a task's next update until the last is acknowledged; in the 100,000-task scale-run they waited behind
   * launches to the same agent.
   */
  private static final int ACKNOWLEDGEMENT_LANES = 16;
  /** The lane of calls about offers as a whole (suppress, revive), which must keep their order. */
  private static final String OFFERS_LANE = "offers";

  private final SchedulerSettings settings;
  private final Storage storage;
  private final StateManager stateManager;
  private final OfferPlacer placer;
  private final TaskInfoFactory taskInfos;
  private final Stats stats;
  private final SchedulerTimers timers;
  private final ProcessHealth.Parts parts;
  private final SchedulerLifecycle lifecycle;
  private final MesosMaintenance maintenance;
  private final MesosCalls calls;
  private final TaskStatusHandler statusUpdates;
  private final AtomicBoolean reconcileTimersStarted = new AtomicBoolean();
  /** Offers are suppressed while nothing is pending, and revived when something is. */
  private final AtomicBoolean suppressed = new AtomicBoolean();
  /**
   * Tasks whose ACCEPT is queued or under way. Calls go out on several lanes, so an explicit reconciliation could
   * overtake a launch still waiting in its agent's lane (unlike Aurora's driver, whose messages to the master kept
   * one order); those tasks are left out of it.
   */
  private final Set<String> launchesInFlight = ConcurrentHashMap.newKeySet();
  /** A revive is queued for the master and not yet sent. */
  private final AtomicBoolean reviveQueued = new AtomicBoolean();
  private volatile MesosSchedulerClient client;

  /**
   * @param parts registers the subscription's threads: the scheduler cannot run without them
   * @param lifecycle learns when the framework is registered, and when its subscription broke
   * @param maintenance drains hosts Mesos's maintenance schedule asks for (inverse offers)
   */
  public MesosFramework(SchedulerSettings settings, Storage storage, StateManager stateManager, OfferPlacer placer,
      Stats stats, SchedulerTimers timers, ProcessHealth.Parts parts, SchedulerLifecycle lifecycle,
      MesosMaintenance maintenance) {
    this.maintenance = maintenance;
    this.settings = settings;
    this.storage = storage;
    this.stateManager = stateManager;
    this.placer = placer;
    this.taskInfos = new TaskInfoFactory(settings.executor(), settings.clusterName(),
        settings.populateDiscoveryInfo(), settings.containers().globalMounts());
    this.stats = stats;
    this.timers = timers;
    this.parts = parts;
    this.lifecycle = lifecycle;
    this.calls = new MesosCalls(CALL_LANES, ACKNOWLEDGEMENT_LANES,
        parts.threads("mesos-calls", "calls to the Mesos master"), stats);
    this.statusUpdates = new TaskStatusHandler(storage, stateManager, stats, settings.maxStatusUpdateBatchSize(),
        parts.threads("task-status-updates", "recording Mesos's status updates"), new TaskStatusHandler.AfterCommit() {
          @Override
          public void acknowledge(TaskStatus status) {
            AgentID agent = status.getAgentId();
            ByteString uuid = status.getUuid();
            TaskID task = status.getTaskId();
            calls.acknowledge(task.getValue(), uuid, () -> client.acknowledge(agent, task, uuid));
          }

          @Override
          public void killUnknown(TaskStatus status) {
            stats.counter("orphaned_tasks_killed").incrementAndGet();
            AgentID agent = status.hasAgentId() ? status.getAgentId() : null;
            calls.send(laneOf(status.getTaskId().getValue(), agent), () -> client.kill(status.getTaskId(), agent));
          }
        });
    stats.gauge("framework_registered", () -> isSubscribed() ? 1 : 0);
  }

  /** The FrameworkInfo this scheduler subscribes with. */
  // The single 'role' field (not MULTI_ROLE) keeps offers in the plain form every Mesos 1.x sends.
  @SuppressWarnings("deprecation")
  FrameworkInfo frameworkInfo() {
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
        .setUser(settings.executorUser()) // agents start executors as this user
        .setName(settings.frameworkName())
        .setHostname(settings.hostname())
        .setFailoverTimeout(settings.frameworkFailoverTimeout().toMillis() / 1000.0) // seconds, fractions kept
        .setCheckpoint(true)
        .setRole(settings.mesosRole())
        .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.GPU_RESOURCES));
    if (settings.httpPort() > 0) {
      info.setWebuiUrl("http://" + settings.hostname() + ":" + settings.httpPort() + "/scheduler");
    }
    storage.read().frameworkId().ifPresent(id -> info.setId(FrameworkID.newBuilder().setValue(id)));
    return info.build();
  }

  /** Starts subscribing to the master named by -mesos_master_address. */
  public void start() {
    MasterDetector detector = MasterDetector.create(settings.mesosMasterAddress());
    client = new MesosSchedulerClient(detector, frameworkInfo(), this, SchedulerClientOptions.defaults()
        .withThreads(parts.threads("mesos-scheduler", "the Mesos subscription")));
    statusUpdates.start();
    client.start();
  }

  public boolean isSubscribed() {
    MesosSchedulerClient c = client;
    return c != null && c.isSubscribed();
  }

  @Override
  public void subscribed(FrameworkID frameworkId, Duration heartbeatInterval, MasterInfo master) {
    lifecycle.changeIf(s -> s == LifecycleState.LEADER_AWAITING_REGISTRATION, LifecycleState.ACTIVE);
    stats.counter("framework_subscriptions").incrementAndGet();
    if (!storage.read().frameworkId().equals(Optional.of(frameworkId.getValue()))) {
      storage.write(new Op.SaveFrameworkId(frameworkId.getValue()));
      LOG.info("Stored framework id {}", frameworkId.getValue());
    }
    maintenance.resubscribed();
    // Mesos may have changed task states while no scheduler listened: ask about every task we know.
    reconcileExplicitly();
    reconcileImplicitly();
    if (reconcileTimersStarted.compareAndSet(false, true)) {
      Duration initial = settings.reconciliationInitialDelay();
      timers.everyWhileLeading("Explicit reconciliation", initial, settings.reconciliationExplicitInterval(),
          this::reconcileExplicitly);
      timers.everyWhileLeading("Implicit reconciliation",
          initial.plus(settings.reconciliationImplicitInterval().dividedBy(2)),
          settings.reconciliationImplicitInterval(), this::reconcileImplicitly);
    }
    // A (re-)subscribed framework receives offers again.
    suppressed.set(false);
    // Tasks killed while no scheduler was connected still need their kill sent.
    for (ScheduledTask t : storage.read().tasks(t -> TaskStateMachine
        .KILL_REQUESTED.contains(t.status()))) {
      killTask(t);
    }
  }

  @Override
  public void offers(List<Offer> offers) {
    stats.counter("offers_received").addAndGet(offers.size());
    // One placement round for the batch, committed in one transaction: each commit waits on the replicated log.
    List<OfferPlacer.OfferPlacements> round;
    try {
      round = stats.time("offer_placement", () -> placer.placeRound(offers));
    } catch (RuntimeException e) {
      LOG.warn("Placing tasks into {} offer(s) failed", offers.size(), e);
      decline(offers);
      return;
    }
    List<Offer> unused = new ArrayList<>();
    for (OfferPlacer.OfferPlacements p : round) {
      if (p.placed().isEmpty()) {
        unused.add(p.offer());
      } else {
        launch(p.offer(), p.placed());
      }
    }
    if (!unused.isEmpty()) {
      decline(unused);
      suppressIfNothingPending();
    }
  }

  private void launch(Offer offer, List<OfferPlacer.Placement> placed) {
    FrameworkID frameworkId = client.framework().getId();
    List<TaskInfo> launches = new ArrayList<>();
    for (OfferPlacer.Placement p : placed) {
      launches.add(taskInfos.build(p.task(), frameworkId, offer.getAgentId(), p.taskResources(),
          p.executorResources()));
    }
    List<String> ids = placed.stream().map(p -> p.task().taskId()).toList();
    launchesInFlight.addAll(ids);
    calls.send(offer.getAgentId().getValue(), () -> {
      try {
        client.launch(offer.getId(), launches, Filters.newBuilder().setRefuseSeconds(1).build());
      } finally {
        ids.forEach(launchesInFlight::remove);
      }
      stats.counter("tasks_launched").addAndGet(launches.size());
      LOG.info("Launched {} task(s) on {}", launches.size(), offer.getHostname());
    }, e -> {
      LOG.warn("Launching on {} failed: {}", offer.getHostname(), e.getMessage());
      storage.write(s -> {
        for (OfferPlacer.Placement p : placed) {
          stateManager.changeState(s, p.task().taskId(), Optional.of(ScheduleStatus.ASSIGNED), ScheduleStatus.LOST,
              "Launch failed: " + e.getMessage());
        }
        return null;
      });
    });
  }

  /** The offers a round did not use, declined in one call (a DECLINE names any number of offers). */
  private void decline(List<Offer> offers) {
    List<OfferID> ids = offers.stream().map(Offer::getId).toList();
    calls.send(OFFERS_LANE,
        () -> client.decline(ids, Filters.newBuilder().setRefuseSeconds(DECLINE_SECONDS).build()),
        e -> LOG.debug("Declining {} offer(s) failed: {}", ids.size(), e.getMessage()));
  }

  @Override
  public void rescind(OfferID offerId) {
    // Offers are used at once when they arrive; nothing is held to give back.
  }

  @Override
  public void inverseOffers(List<InverseOffer> inverseOffers) {
    stats.counter("inverse_offers_received").addAndGet(inverseOffers.size());
    List<OfferID> notYet = new ArrayList<>();
    for (InverseOffer offer : inverseOffers) {
      String host = offer.getUrl().getAddress().getHostname();
      long start = offer.getUnavailability().getStart().getNanoseconds();
      try {
        if (!maintenance.inverseOffer(offer.getId().getValue(), host, start)) {
          notYet.add(offer.getId());
        }
      } catch (RuntimeException e) {
        LOG.warn("Draining {} for Mesos maintenance failed: {}", host, e.getMessage());
        notYet.add(offer.getId());
      }
    }
    if (!notYet.isEmpty()) {
      // Asked again soon, to drain the host once its unavailability starts.
      Filters soon = Filters.newBuilder().setRefuseSeconds(1).build();
      calls.send(OFFERS_LANE, () -> client.declineInverseOffers(notYet, soon));
    }
  }

  @Override
  public void rescindInverseOffer(OfferID inverseOfferId) {
    maintenance.rescinded(inverseOfferId.getValue());
  }

  /** Queued, to be recorded with others in one transaction and acknowledged after (see {@link TaskStatusHandler}). */
  @Override
  public void update(TaskStatus status) {
    stats.counter("task_status_updates").incrementAndGet();
    statusUpdates.enqueue(status);
  }

  /** Sends a kill for the task to Mesos (used by the task timers, which retry). */
  public void killTask(ScheduledTask task) {
    MesosSchedulerClient c = requireSubscribed();
    String agentId = task.assignedTask().agentId();
    AgentID agent = agentId == null ? null : AgentID.newBuilder().setValue(agentId).build();
    // The agent's lane: after the task's launch, should both still wait to go out.
    calls.send(laneOf(task.taskId(), agent), () -> {
      c.kill(TaskID.newBuilder().setValue(task.taskId()).build(), agent);
      stats.counter("task_kills_sent").incrementAndGet();
    });
  }

  /** Asks Mesos for offers again (new pending tasks). */
  public void revive() {
    MesosSchedulerClient c = client;
    if (c != null && c.isSubscribed()) {
      suppressed.set(false);
      // One revive waiting to go out serves every request made meanwhile (each makes the master offer again).
      if (reviveQueued.compareAndSet(false, true)) {
        calls.send(OFFERS_LANE, () -> {
          reviveQueued.set(false);
          c.revive();
        });
        stats.counter("offers_revived").incrementAndGet();
      }
    }
  }

  private void suppressIfNothingPending() {
    if (storage.read().countIn(ScheduleStatus.PENDING) == 0 && suppressed.compareAndSet(false, true)) {
      MesosSchedulerClient c = client;
      calls.send(OFFERS_LANE, c::suppress);
      stats.counter("offers_suppressed").incrementAndGet();
      // A revive still queued goes out before this suppress: later revives must queue after it, not join that one.
      reviveQueued.set(false);
      // A task may have become pending between the check and the call: never stay suppressed over it.
      if (storage.read().countIn(ScheduleStatus.PENDING) > 0) {
        revive();
      }
    }
  }

  void reconcileExplicitly() {
    reconcileExplicitly(RECONCILE_BATCH);
  }

  /**
   * An operator's explicit reconciliation (aurora-admin reconcile_tasks): as the periodic one, but refused while
   * not subscribed. Returns how many tasks were asked about.
   */
  public int reconcileExplicitlyNow(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    requireSubscribed();
    return reconcileExplicitly(batchSize);
  }

  /** An operator's implicit reconciliation: as the periodic one, but refused while not subscribed. */
  public void reconcileImplicitlyNow() {
    requireSubscribed();
    reconcileImplicitly();
  }

  /**
   * Asks Mesos for the state of every task it should know (assigned to an agent), {@code batchSize} tasks a call;
   * returns how many tasks were asked about. Mesos answers each with a status update.
   */
  private int reconcileExplicitly(int batchSize) {
    List<Call.Reconcile.Task> tasks = new ArrayList<>();
    for (ScheduledTask t : storage.read().tasks(t -> ScheduleStatus.SLAVE_ASSIGNED.contains(t.status()))) {
      Call.Reconcile.Task.Builder r = Call.Reconcile.Task.newBuilder()
          .setTaskId(TaskID.newBuilder().setValue(t.taskId()));
      if (t.assignedTask().agentId() != null) {
        r.setAgentId(AgentID.newBuilder().setValue(t.assignedTask().agentId()));
      }
      tasks.add(r.build());
    }
    for (int i = 0; i < tasks.size(); i += batchSize) {
      List<Call.Reconcile.Task> batch = tasks.subList(i, Math.min(tasks.size(), i + batchSize));
      calls.send("reconcile", () -> {
        // A task whose ACCEPT waits in its agent's lane is unknown to the master yet, which would answer that it
        // is gone: the task would be LOST for nothing. Its launch's own answer settles it instead.
        List<Call.Reconcile.Task> launched = batch.stream()
            .filter(t -> !launchesInFlight.contains(t.getTaskId().getValue())).toList();
        if (!launched.isEmpty()) {
          client.reconcile(launched);
        }
      });
      stats.counter("reconciliation_explicit_batches").incrementAndGet();
    }
    stats.counter("reconciliation_explicit_runs").incrementAndGet();
    return tasks.size();
  }

  /** Asks Mesos for the state of every task it knows of this framework (an empty reconcile call). */
  void reconcileImplicitly() {
    calls.send("reconcile", () -> client.reconcile(List.of()));
    stats.counter("reconciliation_implicit_runs").incrementAndGet();
  }

  @Override
  public void error(String message) {
    stats.counter("framework_errors").incrementAndGet();
    LOG.error("Mesos reported an error for this framework: {}", message);
  }

  @Override
  public void disconnected(String why) {
    stats.counter("framework_disconnects").incrementAndGet();
    LOG.warn("Disconnected from Mesos: {}", why);
    // Registered again within -max_registration_delay, or this leader stops for another to take over.
    lifecycle.changeIf(s -> s == LifecycleState.ACTIVE, LifecycleState.LEADER_AWAITING_REGISTRATION);
  }

  private MesosSchedulerClient requireSubscribed() {
    MesosSchedulerClient c = client;
    if (c == null || !c.isSubscribed()) {
      throw new IllegalStateException("not subscribed to Mesos");
    }
    return c;
  }

  /** Calls about a task go in its agent's lane (after its launch), or its own when it has no agent. */
  private static String laneOf(String taskId, AgentID agent) {
    return agent != null ? agent.getValue() : taskId;
  }

  @Override
  public void close() {
    // First: nothing more is recorded from, nor acknowledged to, a master this scheduler no longer answers.
    statusUpdates.close();
    calls.close();
    MesosSchedulerClient c = client;
    if (c != null) {
      c.close();
    }
  }
}
