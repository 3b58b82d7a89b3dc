package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerFlagsTest {
  record Parsed(SchedulerFlags flags, int code, String out, String err) {
  }

  static final List<String> REQUIRED = List.of("-cluster_name=devcluster", "-mesos_master_address=127.0.0.1:5050",
      "-native_log_file_path=/var/lib/aurora/scheduler/db", "-thermos_executor_path=/usr/bin/thermos_executor");

  static Parsed parse(List<String> extra, boolean withRequired) {
    List<String> args = new ArrayList<>(withRequired ? REQUIRED : List.of());
    args.addAll(extra);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int[] code = {-1};
    SchedulerFlags flags = SchedulerMain.parse(args.toArray(String[]::new), new PrintWriter(out, true),
        new PrintWriter(err, true), code);
    return new Parsed(flags, code[0], out.toString(), err.toString());
  }

  @Test
  void defaultsAreAurorasAndValuesParse() {
    Parsed p = parse(List.of(), true);
    assertThat(p.flags()).isNotNull();
    SchedulerSettings s = SchedulerSettings.from(p.flags());
    assertThat(s.httpPort()).isEqualTo(8081);
    assertThat(s.frameworkName()).isEqualTo("Aurora");
    assertThat(s.executorUser()).isEqualTo("root");
    assertThat(s.frameworkFailoverTimeout()).isEqualTo(Duration.ofDays(21));
    assertThat(s.executor().cpu()).isEqualTo(0.25);
    assertThat(s.executor().ramMb()).isEqualTo(128.0);
    assertThat(s.serversetPath()).isEqualTo("/aurora/scheduler");
    assertThat(s.logSelf().port()).isEqualTo(8083);
    assertThat(s.allowedJobEnvironments().matcher("staging12").matches()).isTrue();
    assertThat(s.allowedJobEnvironments().matcher("qa").matches()).isFalse();
    assertThat(s.maxTasksPerJob()).isEqualTo(4000);
    assertThat(s.maxStatusUpdateBatchSize()).isEqualTo(1000);
    assertThat(SchedulerSettings.from(parse(List.of("-max_status_update_batch_size=250"), true).flags())
        .maxStatusUpdateBatchSize()).isEqualTo(250);
    assertThat(s.flapping().initialFlappingDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.transientTaskStateTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.enablePreemptor()).isTrue();
    assertThat(s.preemptionDelay()).isEqualTo(Duration.ofMinutes(3));
    assertThat(SchedulerSettings.from(parse(List.of("-enable_preemptor=false"), true).flags()).enablePreemptor())
        .isFalse();
  }

  @Test
  void acceptsSingleDashDoubleDashAndSeparateValues() {
    Parsed p = parse(List.of("-http_port=9090", "--thermos_executor_ram=256MB", "-transient_task_state_timeout",
        "30secs", "--framework_name=Test"), true);
    assertThat(p.err()).isEmpty();
    SchedulerSettings s = SchedulerSettings.from(p.flags());
    assertThat(s.httpPort()).isEqualTo(9090);
    assertThat(s.executor().ramMb()).isEqualTo(256.0);
    assertThat(s.transientTaskStateTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.frameworkName()).isEqualTo("Test");
  }

  @Test
  void unknownFlagIsAnErrorWithExitCode1() {
    Parsed p = parse(List.of("-no_such_flag=1"), true);
    assertThat(p.flags()).isNull();
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("-no_such_flag").contains("-help");
  }

  @Test
  void missingRequiredFlagsAreNamed() {
    Parsed p = parse(List.of("-cluster_name=x"), false);
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("-mesos_master_address").contains("-native_log_file_path");
  }

  @Test
  void badValuesSayWhatIsExpected() {
    assertThat(parse(List.of("-transient_task_state_timeout=5"), true).err()).contains("'5' is not a time amount");
    assertThat(parse(List.of("-thermos_executor_ram=lots"), true).err()).contains("128MB");
    assertThat(parse(List.of("-allowed_job_environments=("), true).err()).contains("not a regular expression");
    assertThat(parse(List.of("-native_log_quorum_size=2"), true).err()).contains("majority");
    assertThat(parse(List.of("-http_port=70000"), true).err()).contains("out of range");
    assertThat(parse(List.of("-max_status_update_batch_size=0"), true).err())
        .contains("-max_status_update_batch_size=0 must be at least 1");
  }

  @Test
  void helpListsEveryFlag() {
    Parsed p = parse(List.of("-help"), false);
    assertThat(p.code()).isZero();
    for (String flag : List.of("-cluster_name", "-http_port", "-hostname", "-ip", "-mesos_master_address",
        "-zk_endpoints", "-serverset_path", "-native_log_file_path", "-native_log_quorum_size",
        "-thermos_executor_path", "-thermos_executor_resources", "-thermos_executor_flags", "-thermos_executor_cpu",
        "-thermos_executor_ram", "-allowed_job_environments", "-max_tasks_per_job", "-framework_name",
        "-max_status_update_batch_size",
        "-framework_failover_timeout", "-transient_task_state_timeout", "-flapping_task_threshold",
        "aurora-scheduler-log initialize")) {
      assertThat(p.out()).contains(flag);
    }
  }

  @Test
  void peersMustIncludeThisScheduler() {
    Parsed p = parse(List.of("-native_log_peers=a:8083,b:8083,c:8083", "-native_log_quorum_size=2",
        "-hostname=d"), true);
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).contains("none of -native_log_peers");
    Parsed ok = parse(List.of("-native_log_peers=a:8083,b:8083,c:8083", "-native_log_quorum_size=2",
        "-hostname=b"), true);
    assertThat(ok.err()).isEmpty();
    assertThat(SchedulerSettings.from(ok.flags()).logSelf().host()).isEqualTo("b");
  }

  @Test
  void tierConfigIsReadAndCheckedAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path tiers = dir.resolve("tiers.json");
    java.nio.file.Files.writeString(tiers, "{\"default\": \"gold\", \"tiers\": {\"gold\": {\"preemptible\": false,"
        + " \"revocable\": false}, \"scrap\": {\"preemptible\": true, \"revocable\": true}}}");
    Parsed ok = parse(List.of("-tier_config=" + tiers), true);
    assertThat(ok.err()).isEmpty();
    SchedulerSettings s = SchedulerSettings.from(ok.flags());
    assertThat(s.tiers().defaultTier()).isEqualTo("gold");
    assertThat(s.tiers().tiers().get("scrap").revocable()).isTrue();
    java.nio.file.Files.writeString(tiers, "{\"default\": \"none\", \"tiers\": {\"gold\": {}}}");
    Parsed bad = parse(List.of("-tier_config=" + tiers), true);
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("default tier 'none' is not one of the tiers");
  }
}
