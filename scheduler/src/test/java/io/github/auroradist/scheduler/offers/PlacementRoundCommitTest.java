package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.state.StateManager;
import io.github.auroradist.scheduler.state.TaskEffects;
import io.github.auroradist.scheduler.storage.DurableLogException;
import io.github.auroradist.scheduler.storage.Op;
import io.github.auroradist.scheduler.storage.Storage;
import io.github.auroradist.scheduler.storage.Transaction;
import io.github.auroradist.scheduler.testing.ForwardingLog;
import io.github.auroradist.scheduler.testing.OpenLog;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.Offer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A placement round on a real replicated log, seen through a log that records each commit: the new hosts'
 * attributes and every task placed into the round's offers are one transaction, however many offers the round has.
 */
class PlacementRoundCommitTest {
  @TempDir
  Path dir;
  OpenLog real;
  /** The transactions committed through the placer's storage, in order. */
  final List<Transaction> commits = new CopyOnWriteArrayList<>();
  Storage storage;
  final StateManager manager = TestTasks.stateManager(Clock.systemUTC(), TaskEffects.NONE);
  OfferPlacer placer;

  @BeforeEach
  void open() throws Exception {
    real = new OpenLog(dir);
    storage = new Storage(real.stores, new ForwardingLog(() -> real) {
      @Override
      public void append(Transaction tx) throws DurableLogException {
        super.append(tx);
        commits.add(tx);
      }
    }, e -> { throw new IllegalStateException("log failed in a test", e); });
    placer = new OfferPlacer(storage, manager, 0.25, 128);
  }

  @AfterEach
  void close() {
    real.close();
  }

  @Test
  void aRoundOfManyOffersOnNewHostsIsOneCommit() {
    JobKey key = new JobKey("www-data", "prod", "round");
    Set<Integer> instances = Set.copyOf(IntStream.range(0, 120).boxed().toList());
    storage.write(s -> manager.insertPendingTasks(s, OfferPlacerTest.config(key, 1, Set.of("http")), instances));
    commits.clear();
    // 50 hosts never seen before, each with room for 3 tasks (1.25 CPUs each with the executor's).
    List<Offer> offers = IntStream.range(0, 50)
        .mapToObj(i -> Offers.offer("round-host-" + i, 4, 8192, 8192, 31000, 31100, Offers.text("rack", "r" + i)))
        .toList();

    List<OfferPlacer.OfferPlacements> round = placer.placeRound(offers);

    assertThat(round).hasSize(50);
    assertThat(round.stream().mapToInt(p -> p.placed().size()).sum()).isEqualTo(120);
    assertThat(round.subList(0, 40)).allMatch(p -> p.placed().size() == 3);
    assertThat(round.subList(40, 50)).allMatch(p -> p.placed().isEmpty());
    assertThat(commits).hasSize(1);
    List<Op> ops = commits.get(0).ops();
    assertThat(ops.stream().filter(Op.SaveHostAttributes.class::isInstance)).hasSize(50);
    assertThat(real.stores.tasksOf(key)).extracting(ScheduledTask::status).containsOnly(ScheduleStatus.ASSIGNED);
    for (OfferPlacer.OfferPlacements p : round) {
      assertThat(real.stores.hostAttributes(p.offer().getHostname())).isPresent();
      for (OfferPlacer.Placement placed : p.placed()) {
        assertThat(real.stores.task(placed.task().taskId()).orElseThrow().assignedTask().agentHost())
            .isEqualTo(p.offer().getHostname());
      }
    }

    // The same hosts again, with nothing pending and their attributes stored: nothing to commit.
    commits.clear();
    assertThat(placer.placeRound(offers)).allMatch(p -> p.placed().isEmpty());
    assertThat(commits).isEmpty();
  }
}
