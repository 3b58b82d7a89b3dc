package io.github.auroradist.scheduler.offers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.model.AssignedTask;
import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.HostAttributes;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.scheduler.testing.TestTasks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstraintFilterTest {
  static final JobKey JOB = new JobKey("www-data", "prod", "web");
  static final HostAttributes A1 = new HostAttributes("h1", "a1", Map.of("rack", Set.of("r1"), "zone", Set.of("z")));
  static final HostAttributes A2 = new HostAttributes("h2", "a2", Map.of("rack", Set.of("r1")));
  static final HostAttributes A3 = new HostAttributes("h3", "a3", Map.of("rack", Set.of("r2")));
  static final HostAttributes DEDICATED = new HostAttributes("h4", "a4", Map.of("dedicated", Set.of("www-data/web")));

  static TaskConfig with(Constraint... constraints) {
    TaskConfig c = TestTasks.config(JOB, true);
    return new TaskConfig(c.job(), c.owner(), c.resources(), List.of(constraints), c.isService(), c.production(),
        c.priority(), c.tier(), c.maxTaskFailures(), c.contactEmail(), c.metadata(), c.executorConfig());
  }

  static ScheduledTask runningOn(String host) {
    return new ScheduledTask(new AssignedTask("t-" + host, "a", host, TestTasks.config(JOB, true), Map.of(), 0),
        ScheduleStatus.RUNNING, 0, List.of(), null);
  }

  static Optional<String> veto(TaskConfig task, HostAttributes agent, List<ScheduledTask> active) {
    Map<String, HostAttributes> all = Map.of("h1", A1, "h2", A2, "h3", A3, "h4", DEDICATED);
    return ConstraintFilter.veto(task, agent,
        new AttributeAggregate(() -> TestTasks.activeByHost(active), h -> Optional.ofNullable(all.get(h))));
  }

  @Test
  void valueConstraints() {
    assertThat(veto(with(Constraint.value("rack", false, "r1")), A1, List.of())).isEmpty();
    assertThat(veto(with(Constraint.value("rack", false, "r1")), A3, List.of())).get().asString()
        .contains("rack must be one of [r1]").contains("host has [r2]");
    assertThat(veto(with(Constraint.value("rack", true, "r1")), A1, List.of())).get().asString().contains("must not");
    assertThat(veto(with(Constraint.value("rack", true, "r1")), A3, List.of())).isEmpty();
    assertThat(veto(with(Constraint.value("zone", false, "z")), A2, List.of())).isPresent();
    assertThat(veto(with(Constraint.value("host", false, "h2")), A2, List.of())).isEmpty();
    assertThat(veto(with(Constraint.value("host", true, "h2")), A2, List.of())).isPresent();
  }

  @Test
  void limitConstraintsCountTheJobsTasksSharingTheValue() {
    TaskConfig onePerHost = with(Constraint.limit("host", 1));
    assertThat(veto(onePerHost, A1, List.of())).isEmpty();
    assertThat(veto(onePerHost, A1, List.of(runningOn("h1")))).get().asString().contains("limit 1 reached");
    assertThat(veto(onePerHost, A2, List.of(runningOn("h1")))).isEmpty();
    TaskConfig twoPerRack = with(Constraint.limit("rack", 2));
    assertThat(veto(twoPerRack, A2, List.of(runningOn("h1")))).isEmpty();
    assertThat(veto(twoPerRack, A2, List.of(runningOn("h1"), runningOn("h2")))).isPresent();
    assertThat(veto(twoPerRack, A3, List.of(runningOn("h1"), runningOn("h2")))).isEmpty();
    assertThat(veto(with(Constraint.limit("zone", 1)), A3, List.of())).get().asString().contains("no attribute zone");
  }

  @Test
  void dedicatedHostsTakeOnlyTasksThatAskForThem() {
    assertThat(veto(with(), DEDICATED, List.of())).get().asString().contains("dedicated to [www-data/web]");
    assertThat(veto(with(Constraint.value("dedicated", false, "www-data/web")), DEDICATED, List.of())).isEmpty();
    assertThat(veto(with(Constraint.value("dedicated", false, "www-data/other")), DEDICATED, List.of())).isPresent();
    assertThat(veto(with(Constraint.value("dedicated", false, "www-data/web")), A1, List.of())).isPresent();
  }
}
