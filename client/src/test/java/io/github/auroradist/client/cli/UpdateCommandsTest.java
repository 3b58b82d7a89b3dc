package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The update commands against a real scheduler on loopback. No Mesos master runs, so tasks stay PENDING and an
 * update never finishes by itself: enough to start, list, show, pause, resume, roll back and abort updates and to
 * see every refusal; updates that roll forward or back are the end-to-end and acceptance tests'.
 */
class UpdateCommandsTest extends AgainstLoopbackCluster {
  static final Pattern STARTED = Pattern.compile("Job update has started\\. View your update progress at"
      + " http://127\\.0\\.0\\.1:(\\d+)/scheduler/www-data/devel/(\\w+)/update/([0-9a-f-]{36})\n");

  /** hello_world.aurora as job {@code name}, its process printing {@code greeting}, with {@code extra} Job fields. */
  static Path helloConfig(String name, String greeting, String extra) throws Exception {
    return Files.writeString(dir.resolve(name + "-" + greeting.replace(' ', '_') + ".aurora"),
        Files.readString(Path.of(config("hello_world.aurora"))).replace("echo hello world", "echo " + greeting)
            .replace("name = 'hello_world'", "name = '" + name + "'")
            .replace("task = task)", "task = task" + extra + ")"));
  }

  /** Creates job {@code name} and starts an update of it to another greeting and {@code extra}; returns its id. */
  static String createAndStartUpdate(String key, String name, String extra, String... options) throws Exception {
    Result created = aurora("job", "create", key, helloConfig(name, "hello world", "").toString());
    assertThat(created.code()).as(created.err()).isZero();
    String[] args = new String[options.length + 4];
    args[0] = "update";
    args[1] = "start";
    System.arraycopy(options, 0, args, 2, options.length);
    args[options.length + 2] = key;
    args[options.length + 3] = helloConfig(name, "bonjour", extra).toString();
    Result started = aurora(args);
    assertThat(started.code()).as(started.err()).isZero();
    Matcher m = STARTED.matcher(started.out());
    assertThat(m.matches()).as(started.out()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(cluster.httpPort());
    assertThat(m.group(2)).isEqualTo(name);
    return m.group(3);
  }

  /** The row of update {@code id} in {@code update list FILTER}, split on whitespace as operators' scripts do. */
  static String[] listedRow(String filter, String id) {
    Result list = aurora("update", "list", filter);
    assertThat(list.code()).as(list.err()).isZero();
    return list.out().lines().filter(l -> l.contains(id)).findFirst()
        .map(l -> l.split("\\s+", -1)).orElseThrow(() -> new AssertionError(id + " not in " + list.out()));
  }

  @Test
  void startListInfoPauseResumeAbort() throws Exception {
    String key = "devcluster/www-data/devel/upd_life";
    String id = createAndStartUpdate(key, "upd_life", ", instances = 2", "-m", "to bonjour");

    Result list = aurora("update", "list", key);
    assertThat(list.out().lines().toList()).hasSize(2);
    assertThat(list.out().lines().findFirst().orElseThrow()).isEqualTo(UpdateFormat.header());
    String[] row = listedRow("devcluster/www-data", id);
    assertThat(row).startsWith(key, id, "ROLLING_FORWARD", "UNSECURE");
    assertThat(row[4]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    JsonNode json = new ObjectMapper().readTree(aurora("update", "list", "devcluster", "--status", "active",
        "--write-json").out());
    assertThat(json.findValuesAsText("id")).contains(id);
    assertThat(aurora("update", "list", "devcluster", "--status", "succeeded,failed").out()).doesNotContain(id);
    assertThat(aurora("update", "list", "devcluster/www-data/prod").out()).isEmpty();

    Result info = aurora("update", "info", key);
    assertThat(info.code()).as(info.err()).isZero();
    assertThat(info.out()).startsWith("Job: " + key + ", UpdateID: " + id + "\nStarted ")
        .contains(", last activity: ", "\nCurrent status: ROLLING_FORWARD\nUpdate events:\n"
            + "  Status: ROLLING_FORWARD at ", "\n      message: to bonjour\n");
    JsonNode infoJson = new ObjectMapper().readTree(aurora("update", "info", key, id, "--write-json").out());
    assertThat(infoJson.path("updateId").asText()).isEqualTo(id);
    assertThat(infoJson.path("status").asText()).isEqualTo("ROLLING_FORWARD");

    // One update at a time: the scheduler names the active one.
    Result second = aurora("update", "start", key, helloConfig("upd_life", "hallo", "").toString());
    assertThat(second.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(second.err()).contains(id, "ROLLING_FORWARD");

    Result paused = aurora("update", "pause", key, "--message", "hold on");
    assertThat(paused.code()).as(paused.err()).isZero();
    assertThat(paused.out()).isEqualTo("Update has been paused.\n");
    assertThat(listedRow(key, id)[2]).isEqualTo("ROLL_FORWARD_PAUSED");
    assertThat(aurora("update", "info", key, id).out()).contains("  Status: ROLL_FORWARD_PAUSED at ",
        "      message: hold on");
    assertThat(aurora("update", "list", "devcluster", "--status", "paused").out()).contains(id);
    Result resumed = aurora("update", "resume", key);
    assertThat(resumed.out()).isEqualTo("Update has been resumed.\n");
    assertThat(listedRow(key, id)[2]).isEqualTo("ROLLING_FORWARD");

    Result aborted = aurora("update", "abort", key);
    assertThat(aborted.code()).as(aborted.err()).isZero();
    assertThat(aborted.out()).isEqualTo("Update has been aborted.\n");
    assertThat(listedRow(key, id)[2]).isEqualTo("ABORTED");
    // Waiting for an update that ended ABORTED: Aurora's unknown-error code.
    Result waited = aurora("update", "wait", key, id);
    assertThat(waited.code()).isEqualTo(ExitCodes.UNKNOWN_ERROR);
    assertThat(waited.out()).isEqualTo("Current state ABORTED\n");
    assertThat(waited.err()).contains("ended ABORTED, not ROLLED_FORWARD", "aurora update info " + key + " " + id);

    // Nothing is active any more.
    for (String action : new String[] {"pause", "resume", "abort", "rollback"}) {
      Result none = aurora("update", action, key);
      assertThat(none.code()).as(action).isEqualTo(ExitCodes.INVALID_PARAMETER);
      assertThat(none.err()).as(action).contains("no active update of " + key);
    }
    Result noActive = aurora("update", "info", key);
    assertThat(noActive.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(noActive.err()).contains("no active update of " + key, "aurora update list " + key);
    assertThat(aurora("update", "info", key, id).out()).contains("Current status: ABORTED");
    Result unknownId = aurora("update", "info", key, "11111111-2222-3333-4444-555555555555");
    assertThat(unknownId.code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(unknownId.err()).contains("has no update 11111111-2222-3333-4444-555555555555");
    assertThat(aurora("update", "wait", key, "nope").code()).isEqualTo(ExitCodes.INVALID_PARAMETER);
    assertThat(aurora("job", "killall", key).code()).isZero();
  }

  @Test
  void rollbackAndWaitWithATimeout() throws Exception {
    String key = "devcluster/www-data/devel/upd_back";
    String id = createAndStartUpdate(key, "upd_back", "");
    // Once the update has begun to replace instance 0, rolling back has something to undo.
    await().atMost(Duration.ofSeconds(30)).until(() -> aurora("update", "info", key, id).out()
        .contains(": INSTANCE_UPDATING\n"));
    Result rollback = aurora("update", "rollback", key, "-m", "wrong greeting", "--wait", "--wait-timeout", "1");
    assertThat(rollback.out()).startsWith("Update rollback has started.\n");
    // Without Mesos the previous tasks never run again either, so the rollback does not end: the wait gives up.
    assertThat(rollback.code()).as(rollback.err()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(rollback.err()).contains("gave up after 1s", "update " + id + " of " + key);
    assertThat(listedRow(key, id)[2]).isEqualTo("ROLLING_BACK");
    Result waited = aurora("update", "wait", key, id, "--wait-timeout", "1");
    assertThat(waited.code()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(waited.out()).isEqualTo("Current state ROLLING_BACK\n");
    assertThat(aurora("update", "abort", key).code()).isZero();
    assertThat(aurora("job", "killall", key).code()).isZero();
  }

  @Test
  void anUpdateThatChangesNothingStartsNothing() throws Exception {
    String key = "devcluster/www-data/devel/upd_same";
    Path config = helloConfig("upd_same", "hello world", "");
    assertThat(aurora("job", "create", key, config.toString()).code()).isZero();
    Result same = aurora("update", "start", key, config.toString());
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.out()).doesNotContain("has started").isNotBlank();
    assertThat(aurora("update", "list", key).out()).isEmpty();
    assertThat(aurora("job", "killall", key).code()).isZero();
  }

  @Test
  void jobDiffNamesTheInstancesAnUpdateWouldTouch() throws Exception {
    String key = "devcluster/www-data/devel/upd_diff";
    assertThat(aurora("job", "create", key, helloConfig("upd_diff", "hello world", ", instances = 2").toString())
        .code()).isZero();
    Path same = helloConfig("upd_diff", "hello world", ", instances = 2");
    assertThat(aurora("job", "diff", key, same.toString()).out()).startsWith("No differences");

    // A new instance count or update_config adds or removes instances; it changes none that stays.
    Result grow = aurora("job", "diff", key, helloConfig("upd_diff", "hello world", ", instances = 4,"
        + " update_config = UpdateConfig(batch_size = 2)").toString());
    assertThat(grow.code()).as(grow.err()).isZero();
    assertThat(grow.out()).startsWith("This job update will:\nadd instances: [2-3]\n--- scheduler: " + key + "\n")
        .contains("+   \"instanceCount\" : 4,").endsWith("not change instances: [0-1]\n")
        .doesNotContain("update instances");

    // Instance 0 updated alone: only instance 1 is left to change.
    Path bonjour = helloConfig("upd_diff", "bonjour", ", instances = 2");
    assertThat(aurora("update", "start", key + "/0", bonjour.toString()).code()).isZero();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(aurora("job", "diff", key,
        bonjour.toString()).out()).contains("\nupdate instances: [1]\n", "\nnot change instances: [0]\n"));
    assertThat(aurora("update", "abort", key).code()).isZero();

    Result change = aurora("job", "diff", key, helloConfig("upd_diff", "bonjour", ", instances = 1").toString());
    // Instance 0 already runs bonjour; the job's stored configuration (the diff's left side) is still the old one.
    assertThat(change.out()).startsWith("This job update will:\nremove instances: [1]\n--- scheduler: " + key + "\n")
        .contains("+             \"cmdline\" : \"\\n    while true; do\\n      echo bonjour")
        .endsWith("not change instances: [0]\n").doesNotContain("update instances");
    assertThat(aurora("job", "killall", key).code()).isZero();
  }

  @Test
  void refusals() throws Exception {
    Result unknown = aurora("update", "start", "devcluster/www-data/devel/never_created",
        helloConfig("never_created", "hello world", "").toString());
    assertThat(unknown.code()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(unknown.err()).contains("NOT_FOUND", "aurora job create devcluster/www-data/devel/never_created");

    // A cron job at the scheduler, updated from a file that lost its cron_schedule: the scheduler refuses.
    String cronKey = "devcluster/analytics/staging2/nightly_upd";
    Path cron = Files.writeString(dir.resolve("nightly_upd.aurora"), Files.readString(Path.of(
        config("cron_job.aurora"))).replace("'nightly_report'", "'nightly_upd'"));
    assertThat(aurora("cron", "schedule", cronKey, cron.toString()).code()).isZero();
    Path noSchedule = Files.writeString(dir.resolve("nightly_upd_plain.aurora"), Files.readString(cron)
        .replaceAll("cron_schedule\\s*=\\s*'[^']*',", "").replaceAll("cron_collision_policy\\s*=\\s*'\\w+',", ""));
    Result cronUpdate = aurora("update", "start", cronKey, noSchedule.toString());
    assertThat(cronUpdate.code()).as(cronUpdate.out() + cronUpdate.err()).isEqualTo(ExitCodes.API_ERROR);
    assertThat(cronUpdate.err()).contains("aurora cron schedule");
    assertThat(aurora("cron", "deschedule", cronKey).code()).isZero();

    // The scheduler is never asked: the file is checked first.
    String key = "devcluster/www-data/devel/upd_refused";
    Result badBatch = aurora("update", "start", key, helloConfig("upd_refused", "hello world",
        ", update_config = UpdateConfig(update_strategy = VariableBatchUpdateStrategy(batch_sizes = [0]))")
        .toString());
    assertThat(badBatch.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(badBatch.err()).contains("update_config.update_strategy.batch_sizes must be at least 1, not 0");
    assertThat(aurora("update", "list", "devcluster/www-data/devel/upd_refused").out()).isEmpty();
  }

  @Test
  void onlyTheNamedInstancesAreUpdated() throws Exception {
    String key = "devcluster/www-data/devel/upd_some";
    assertThat(aurora("job", "create", key, helloConfig("upd_some", "hello world", ", instances = 3").toString())
        .code()).isZero();
    Result started = aurora("update", "start", key + "/1-2", helloConfig("upd_some", "bonjour", ", instances = 3")
        .toString());
    assertThat(started.code()).as(started.err()).isZero();
    Matcher m = STARTED.matcher(started.out());
    assertThat(m.matches()).as(started.out()).isTrue();
    JsonNode details = new ObjectMapper().readTree(java.net.URI.create("http://127.0.0.1:"
        + cluster.httpPort() + "/api/updates/www-data/devel/upd_some/" + m.group(3)).toURL());
    assertThat(details.path("update").path("instructions").path("settings").path("updateOnlyTheseInstances")
        .asText()).isEqualTo("1-2");
    assertThat(aurora("update", "abort", key).code()).isZero();
    assertThat(aurora("job", "killall", key).code()).isZero();
  }
}
