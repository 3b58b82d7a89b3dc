package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.common.model.ExecutorTaskData;
import io.github.auroradist.common.model.Resources;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The executor's streaming read of {@code TaskInfo.data} gives back what the scheduler wrote with databind
 * ({@link ExecutorTaskData#toJson}), for random task data, with the TaskInfo's task id and the agent's host name
 * standing in for absent ones.
 */
class LaunchedTaskPropertiesTest {
  private static final String[] TEXTS = {"", "web", "www-data", "prod", "é ü \u2603", "quote\"d", "new\nline",
      "{\"task\": {\"processes\": []}}", "\ud83d\ude00", "0"};

  @Property(tries = 500)
  void readsWhatTheSchedulerWrites(@ForAll long seed) {
    Random r = new Random(seed);
    Map<String, Integer> ports = new TreeMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      ports.put(text(r), r.nextInt(65_536));
    }
    ExecutorTaskData data = new ExecutorTaskData(ExecutorTaskData.FORMAT_VERSION, maybe(r), r.nextInt(), maybe(r),
        maybe(r), maybe(r), maybe(r), maybe(r), maybe(r), ports,
        r.nextBoolean() ? null : new Resources(r.nextDouble(), r.nextLong(), r.nextLong(), r.nextInt(), Set.of("http")),
        r.nextBoolean(), r.nextBoolean(), r.nextInt(), maybe(r), maybe(r), maybe(r));
    if (data.executorData() == null) {
      assertThatThrownBy(() -> LaunchedTask.parse(data.toJson(), "mesos-id", "agent-host"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no executor data");
      return;
    }
    LaunchedTask task = LaunchedTask.parse(data.toJson(), "mesos-id", "agent-host");
    assertThat(task).isEqualTo(new LaunchedTask(data.taskId() == null ? "mesos-id" : data.taskId(),
        data.instanceId(), data.role(), data.environment(), data.jobName(),
        data.user() == null ? data.role() : data.user(), data.agentHost() == null ? "agent-host" : data.agentHost(),
        data.assignedPorts(), data.executorData()));
  }

  private static String text(Random r) {
    return TEXTS[r.nextInt(TEXTS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(100)));
  }

  private static String maybe(Random r) {
    return r.nextInt(6) == 0 ? null : text(r);
  }
}
