package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.SchedulerCommandsTest.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SLA figures the client computes from task events (aurora sla, sla_probe_hosts, sla_list_safe_domain), over
 * {@code /api/tasks} answers with known STARTING times and a fixed clock. Job www-data/prod/web has instances up
 * 7200 s and 3600 s on h1, 600 s on h2 and 30 s on h3; ops/prod/small one instance up 100 s on h1.
 */
class SlaCommandsTest {
  static final long NOW = 1_700_000_000_000L;

  @TempDir Path dir;
  ContractScheduler scheduler;
  LongSupplier clockBefore;

  @BeforeEach
  void start() throws Exception {
    clockBefore = SlaVectors.clock;
    SlaVectors.clock = () -> NOW;
    scheduler = new ContractScheduler();
    scheduler.useAsCluster(dir);
    scheduler.answer("GET /api/tasks", r -> new ContractScheduler.Answer(200, "{\"tasks\": ["
        + (r.query().contains("name=web") || !r.query().contains("name=") ? String.join(",",
            task("www-data", "web", 0, "h1", 7200), task("www-data", "web", 1, "h1", 3600),
            task("www-data", "web", 2, "h2", 600), task("www-data", "web", 3, "h3", 30)) : "")
        + (r.query().contains("name=") ? "" : "," + task("ops", "small", 0, "h1", 100)) + "]}"));
  }

  @AfterEach
  void stop() {
    SlaVectors.clock = clockBefore;
    scheduler.close();
  }

  static String task(String role, String name, int instance, String host, long upSecs) {
    long started = NOW - upSecs * 1000 - 400;
    return """
        {"assignedTask": {"taskId": "%1$s-prod-%2$s-%3$d", "instanceId": %3$d, "agentHost": "%4$s",
          "task": {"job": {"role": "%1$s", "environment": "prod", "name": "%2$s"}}},
         "status": "RUNNING", "taskEvents": [{"timestamp": %5$d, "status": "PENDING"},
           {"timestamp": %6$d, "status": "STARTING"}, {"timestamp": %7$d, "status": "RUNNING"}]}"""
        .formatted(role, name, instance, host, started - 5000, started, started + 2000);
  }

  @Test
  void jobUptimeAtAurorasPercentiles() {
    Result r = aurora("sla", "get-job-uptime", "contract/www-data/prod/web");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        99.0 percentile\t- 30.0 seconds
        95.0 percentile\t- 30.0 seconds
        90.0 percentile\t- 30.0 seconds
        85.0 percentile\t- 30.0 seconds
        75.0 percentile\t- 30.0 seconds
        60.0 percentile\t- 600.0 seconds
        50.0 percentile\t- 600.0 seconds
        30.0 percentile\t- 3600.0 seconds
        10.0 percentile\t- 7200.0 seconds
        """);
    assertThat(scheduler.requests.get(0).query()).isEqualTo("role=www-data&environment=prod&name=web"
        + "&statuses=STARTING,RUNNING,KILLING,PREEMPTING,RESTARTING,DRAINING,PARTITIONED&configs=false");
    assertThat(aurora("sla", "get-job-uptime", "--percentiles=95.5,20", "contract/www-data/prod/web").out())
        .isEqualTo("95.5 percentile\t- 30.0 seconds\n20.0 percentile\t- 7200.0 seconds\n");
    Result bad = aurora("sla", "get-job-uptime", "--percentiles=100", "contract/www-data/prod/web");
    assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(bad.err()).contains("--percentiles '100': write numbers within (0.0, 100.0)");
  }

  @Test
  void taskUpCountOverDurations() {
    Result r = aurora("sla", "get-task-up-count", "contract/www-data/prod/web");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        60 secs\t- 75.00 %
        600 secs\t- 75.00 %
        3600 secs\t- 50.00 %
        43200 secs\t- 0.00 %
        604800 secs\t- 0.00 %
        """);
    assertThat(aurora("sla", "get-task-up-count", "--durations=1h1s,45s", "contract/www-data/prod/web").out())
        .isEqualTo("45 secs\t- 75.00 %\n3601 secs\t- 25.00 %\n");
    assertThat(aurora("sla", "get-task-up-count", "--durations=soon", "contract/www-data/prod/web").code())
        .isEqualTo(ExitCodes.INVALID_PARAMETER);
  }

  @Test
  void probeHosts() {
    Result r = admin("sla_probe_hosts", "--hosts=h1,h2", "--min_job_instance_count=1", "contract", "75", "10m");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("""
        h1\tcontract/ops/prod/small\t0.00\tFalse\tn/a
        h1\tcontract/www-data/prod/web\t25.00\tFalse\tn/a
        h2\tcontract/www-data/prod/web\t50.00\tFalse\t570
        """);
    assertThat(admin("sla_probe_hosts", "--hosts=h2", "--min_job_instance_count=1", "contract", "50", "10m").out())
        .isEqualTo("h2\tcontract/www-data/prod/web\t50.00\tTrue\t0\n");
    // Aurora's default ignores jobs of fewer than 10 instances.
    assertThat(admin("sla_probe_hosts", "--hosts=h1", "contract", "75", "10m").out()).isEmpty();
    Result pct = admin("sla_probe_hosts", "--hosts=h1", "contract", "0", "10m");
    assertThat(pct.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(pct.err()).contains("PERCENTAGE '0' is not an SLA percentage");
  }

  @Test
  void listSafeDomain() throws Exception {
    Result r = admin("sla_list_safe_domain", "--min_job_instance_count=1", "contract", "25", "10m");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("h2\nh3\n");
    assertThat(admin("sla_list_safe_domain", "-l", "-x", "h3", "--min_job_instance_count=1", "contract", "25", "10m")
        .out()).isEqualTo("h2\tcontract/www-data/prod/web\t50.00\t600\n");
    Path overrides = Files.writeString(dir.resolve("overrides"), "contract/www-data/prod/web 60 10m\n");
    assertThat(admin("sla_list_safe_domain", "--override_file=" + overrides, "--min_job_instance_count=1",
        "contract", "25", "10m").out()).isEqualTo("h3\n");
    Path bad = Files.writeString(dir.resolve("bad_overrides"), "contract/www-data/prod/web 60\n");
    Result badFile = admin("sla_list_safe_domain", "--override_file=" + bad, "contract", "25", "10m");
    assertThat(badFile.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(badFile.err()).contains("Invalid line in " + bad + " line 1: 'contract/www-data/prod/web 60';"
        + " write 'cluster/role/env/job percentage duration'");
    assertThat(admin("sla_list_safe_domain", "contract", "25", "10m").out()).isEmpty();
  }
}
