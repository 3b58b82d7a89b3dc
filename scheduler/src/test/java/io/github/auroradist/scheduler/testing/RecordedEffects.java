package io.github.auroradist.scheduler.testing;

import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.scheduler.state.TaskEffects;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The effects a state manager asks for outside storage, recorded instead of carried out. */
public final class RecordedEffects implements TaskEffects {
  /** The ids of the tasks to kill. */
  public final List<String> kills = new CopyOnWriteArrayList<>();
  /** {@code <task id>:<status>} of each task watched in a transient state. */
  public final List<String> watched = new CopyOnWriteArrayList<>();
  /** The penalty of each back-off started. */
  public final List<Duration> backoffs = new CopyOnWriteArrayList<>();

  @Override
  public void kill(ScheduledTask task) {
    kills.add(task.taskId());
  }

  @Override
  public void watchTransient(ScheduledTask task) {
    watched.add(task.taskId() + ":" + task.status());
  }

  @Override
  public void startBackoff(ScheduledTask task, Duration penalty) {
    backoffs.add(penalty);
  }
}
