package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The cron commands against a real scheduler found through a real ZooKeeper serverset, both on loopback.
 * No Mesos master runs, so a started run's tasks stay PENDING (and so still active).
 */
class CronCommandTest extends AgainstLoopbackCluster {
  static final String KEY = "devcluster/analytics/staging2/nightly_report";

  static int httpPort() {
    return cluster.httpPort();
  }

  /**
   * The next run of '30 2 * * *' is 02:30 GMT on some day, after the command began and at most a day after it
   * ended. The scheduler reads the same clock as the test, so the check holds whatever the date and time (even
   * across 02:30 GMT), with no allowance for slowness.
   */
  static void assertNextRun(String text, Instant commandBegan) {
    Instant commandEnded = Instant.now();
    ZonedDateTime next = ZonedDateTime.parse(text.trim()).withZoneSameInstant(ZoneId.of("GMT"));
    assertThat(next.getHour()).as(text).isEqualTo(2);
    assertThat(next.getMinute()).as(text).isEqualTo(30);
    assertThat(next.toInstant()).as(text).isAfter(commandBegan)
        .isBeforeOrEqualTo(commandEnded.plus(Duration.ofDays(1)));
  }

  static String after(String out, String label) {
    return out.lines().filter(l -> l.trim().startsWith(label)).findFirst()
        .map(l -> l.trim().substring(label.length())).orElseThrow(() -> new AssertionError(label + " in " + out));
  }

  @Test
  void scheduleShowStartDeschedule() throws Exception {
    Instant began = Instant.now();
    Result scheduled = aurora("cron", "schedule", KEY, config("cron_job.aurora"));
    assertThat(scheduled.code()).as(scheduled.err()).isZero();
    assertThat(scheduled.out()).startsWith("Cron job scheduled, status can be viewed at http://127.0.0.1:"
        + httpPort() + "/scheduler/analytics/staging2/nightly_report\n");
    assertNextRun(after(scheduled.out(), "Next run:"), began);
    assertThat(aurora("job", "list", "devcluster/analytics").out()).isEqualTo(KEY + "\n");
    assertThat(aurora("job", "status", KEY).out()).startsWith("No tasks found");

    began = Instant.now();
    Result show = aurora("cron", "show", KEY);
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("Cron job " + KEY + ":", "schedule: 30 2 * * *",
        "collision policy: CANCEL_NEW", "instances: 1");
    assertNextRun(after(show.out(), "next run:"), began);
    began = Instant.now();
    JsonNode json = new ObjectMapper().readTree(aurora("cron", "show", KEY, "--write-json").out());
    assertThat(json.path("job").path("cronSchedule").asText()).isEqualTo("30 2 * * *");
    assertThat(json.path("job").path("key").path("name").asText()).isEqualTo("nightly_report");
    assertNextRun(json.path("nextRun").asText(), began);

    Result started = aurora("cron", "start", KEY);
    assertThat(started.code()).as(started.err()).isZero();
    assertThat(started.out()).isEqualTo("Cron run of " + KEY + ": started\n");
    Result status = aurora("job", "status", KEY);
    assertThat(status.out()).contains("Active tasks (1):", "instance: 0, status: PENDING",
        "cpus: 2.0, ram: 2048 MB, disk: 4096 MB");
    // CANCEL_NEW: a run while the previous one is active is skipped.
    Result again = aurora("cron", "start", KEY);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("skipped", "CANCEL_NEW");
    assertThat(aurora("job", "status", KEY).out()).contains("Active tasks (1):");

    Result descheduled = aurora("cron", "deschedule", KEY);
    assertThat(descheduled.code()).as(descheduled.err()).isZero();
    assertThat(descheduled.out()).contains("Cron job " + KEY + " descheduled");
    Result gone = aurora("cron", "show", KEY);
    assertThat(gone.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(gone.err()).contains("NOT_FOUND", "no cron job " + KEY, "aurora cron schedule " + KEY);
    assertThat(aurora("cron", "start", KEY).code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(aurora("cron", "deschedule", KEY).err()).contains("NOT_FOUND");
    // The run in progress goes on until killed.
    assertThat(aurora("job", "status", KEY).out()).contains("Active tasks (1):");
    assertThat(aurora("job", "killall", KEY).code()).isZero();
  }

  @Test
  void scheduleTakesTheConfigOptionsOfCreate() throws Exception {
    String key = "devcluster/analytics/staging2/nightly_json";
    Path file = Files.writeString(dir.resolve("nightly.aurora"),
        Files.readString(Path.of(config("cron_job.aurora"))).replace("'nightly_report'", "'{{job_name}}'"));
    Result bound = aurora("cron", "schedule", "--bind", "job_name=nightly_json", key, file.toString());
    assertThat(bound.code()).as(bound.err()).isZero();

    // Replaced from the JSON job inspect writes, with another schedule.
    Result inspect = aurora("job", "inspect", "--bind", "job_name=nightly_json", key, file.toString(), "--write-json");
    Path json = Files.writeString(dir.resolve("nightly.json"),
        inspect.out().replace("\"30 2 * * *\"", "\"0 4 * * *\""));
    Result replaced = aurora("cron", "schedule", "--read-json", key, json.toString());
    assertThat(replaced.code()).as(replaced.err()).isZero();
    assertThat(aurora("cron", "show", key).out()).contains("schedule: 0 4 * * *");
    assertThat(aurora("cron", "deschedule", key).code()).isZero();
  }

  @Test
  void badInputSaysWhatToDo() throws Exception {
    Result notCron = aurora("cron", "schedule", "devcluster/www-data/devel/hello_world", config("hello_world.aurora"));
    assertThat(notCron.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(notCron.err()).contains("has no cron_schedule", "add one", "aurora job create");
    assertThat(aurora("job", "list", "devcluster/www-data").out()).isEmpty();

    Path badSchedule = Files.writeString(dir.resolve("bad_schedule.aurora"),
        Files.readString(Path.of(config("cron_job.aurora"))).replace("'30 2 * * *'", "'61 2 * * *'"));
    Result refused = aurora("cron", "schedule", KEY, badSchedule.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(refused.err()).contains("INVALID_REQUEST", "61");

    Result unknown = aurora("cron", "start", "devcluster/analytics/staging2/never_scheduled");
    assertThat(unknown.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(unknown.err()).contains("NOT_FOUND", "no cron job devcluster/analytics/staging2/never_scheduled");

    assertThat(aurora("cron", "show", "devcluster/analytics/nightly").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    Result noCommand = aurora("cron");
    assertThat(noCommand.code()).isEqualTo(ExitCodes.INVALID_COMMAND);
    assertThat(noCommand.err()).contains("schedule", "deschedule", "start", "show");
  }

  @Test
  void everyCronCommandAnswersHelp() {
    for (String command : new String[] {"schedule", "deschedule", "start", "show"}) {
      for (String help : new String[] {"-h", "--help"}) {
        Result r = aurora("cron", command, help);
        assertThat(r.code()).as(command + " " + help).isZero();
        assertThat(r.out()).startsWith("Usage: aurora cron " + command + " ").contains("CLUSTER/ROLE/ENV/NAME");
      }
    }
    assertThat(aurora("cron", "schedule", "--help").out()).contains("--bind", "--read-json", "CONFIG");
    assertThat(aurora("cron", "show", "--help").out()).contains("--write-json");
    assertThat(aurora("cron", "--help").out()).startsWith("Usage: aurora cron").contains("deschedule");
    assertThat(aurora("--help").out()).contains("cron");
  }
}
