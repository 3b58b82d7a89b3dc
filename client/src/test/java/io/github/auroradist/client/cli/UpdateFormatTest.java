package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdate;
import io.github.auroradist.common.model.update.JobUpdateAction;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateKey;
import io.github.auroradist.common.model.update.JobUpdateState;
import io.github.auroradist.common.model.update.JobUpdateStatus;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The update commands' text in Aurora's forms; times are fixed instants, printed in UTC whatever the zone. */
class UpdateFormatTest {
  static final String ID = "3f2b6a2c-9d1e-4c55-8a7e-0b6f1e2d4c3a";
  /** 2024-05-01T13:45:07.890Z. */
  static final long STARTED = 1_714_571_107_890L;
  static final JobUpdateSummary SUMMARY = new JobUpdateSummary(new JobUpdateKey(new JobKey("www-data", "prod",
      "hello"), ID), "UNSECURE", new JobUpdateState(JobUpdateStatus.ROLLING_FORWARD, STARTED, STARTED + 65_000),
      "new version");

  @Test
  void timesAreUtcToTheSecond() {
    assertThat(UpdateFormat.time(STARTED)).isEqualTo("2024-05-01T13:45:07");
    assertThat(UpdateFormat.time(0)).isEqualTo("1970-01-01T00:00:00");
  }

  @Test
  void listRowsHaveAuroraFixedWidthColumns() {
    String header = UpdateFormat.header();
    assertThat(header).isEqualTo(String.format("%-47s %-36s %-15s %-11s %-19s %-19s", "JOB", "UPDATE ID", "STATUS",
        "CREATED BY", "STARTED", "LAST MODIFIED"));
    String row = UpdateFormat.row("devcluster", SUMMARY);
    assertThat(row).isEqualTo(String.format("%-47s %-36s %-15s %-11s %-19s %-19s",
        "devcluster/www-data/prod/hello", ID, "ROLLING_FORWARD", "UNSECURE", "2024-05-01T13:45:07",
        "2024-05-01T13:46:12"));
    // Column starts line up with the header's, and scripts find the id and status as fields 2 and 3.
    assertThat(row.indexOf(ID)).isEqualTo(header.indexOf("UPDATE ID")).isEqualTo(48);
    assertThat(row.indexOf("ROLLING_FORWARD")).isEqualTo(header.indexOf("STATUS"));
    assertThat(row.split("\\s+", -1)[1]).isEqualTo(ID);
    assertThat(row.split("\\s+", -1)[2]).isEqualTo("ROLLING_FORWARD");
    // A value longer than its column pushes the rest right instead of being cut.
    String longName = "n".repeat(60);
    JobUpdateSummary longJob = new JobUpdateSummary(new JobUpdateKey(new JobKey("r", "prod", longName), ID), null,
        SUMMARY.state(), null);
    assertThat(UpdateFormat.row("c", longJob)).startsWith("c/r/prod/" + longName + " " + ID + " ROLLING_FORWARD - ");
  }

  @Test
  void listJsonHasAuroraKeys() throws Exception {
    JsonNode list = new ObjectMapper().readTree(UpdateFormat.listJson("devcluster", List.of(SUMMARY)));
    assertThat(list).hasSize(1);
    assertThat(list.get(0).toString()).isEqualTo("{\"job\":\"devcluster/www-data/prod/hello\",\"id\":\"" + ID
        + "\",\"user\":\"UNSECURE\",\"started\":\"2024-05-01T13:45:07\",\"last_modified\":\"2024-05-01T13:46:12\","
        + "\"status\":\"ROLLING_FORWARD\"}");
    assertThat(UpdateFormat.listJson("devcluster", List.of()).trim()).isEqualTo("[ ]");
  }

  static JobUpdateDetails details() {
    return new JobUpdateDetails(new JobUpdate(SUMMARY, null), List.of(
        new JobUpdateEvent(JobUpdateStatus.ROLLING_FORWARD, STARTED, "UNSECURE", "new version"),
        new JobUpdateEvent(JobUpdateStatus.ROLL_FORWARD_PAUSED, STARTED + 30_000, "UNSECURE", null),
        new JobUpdateEvent(JobUpdateStatus.ROLLING_FORWARD, STARTED + 65_000, "UNSECURE", "")),
        List.of(new JobInstanceUpdateEvent(0, STARTED + 1_000, JobUpdateAction.INSTANCE_UPDATING),
            new JobInstanceUpdateEvent(0, STARTED + 50_000, JobUpdateAction.INSTANCE_UPDATED)));
  }

  @Test
  void infoPrintsAuroraLines() {
    AuroraJobKey job = AuroraJobKey.parse("devcluster/www-data/prod/hello");
    assertThat(UpdateFormat.info(job, details())).containsExactly(
        "Job: devcluster/www-data/prod/hello, UpdateID: " + ID,
        "Started 2024-05-01T13:45:07, last activity: 2024-05-01T13:46:12",
        "Current status: ROLLING_FORWARD",
        "Update events:",
        "  Status: ROLLING_FORWARD at 2024-05-01T13:45:07",
        "      message: new version",
        "  Status: ROLL_FORWARD_PAUSED at 2024-05-01T13:45:37",
        "  Status: ROLLING_FORWARD at 2024-05-01T13:46:12",
        "Instance events:",
        "  Instance 0 at 2024-05-01T13:45:08: INSTANCE_UPDATING",
        "  Instance 0 at 2024-05-01T13:45:57: INSTANCE_UPDATED");
    JobUpdateDetails noEvents = new JobUpdateDetails(new JobUpdate(SUMMARY, null), null, null);
    assertThat(UpdateFormat.info(job, noEvents)).hasSize(3);
  }

  @Test
  void infoJsonHasAuroraKeys() throws Exception {
    JsonNode info = new ObjectMapper().readTree(UpdateFormat.infoJson(
        AuroraJobKey.parse("devcluster/www-data/prod/hello"), details()));
    assertThat(info.path("updateId").asText()).isEqualTo(ID);
    assertThat(info.path("job").asText()).isEqualTo("devcluster/www-data/prod/hello");
    assertThat(info.path("started").asLong()).isEqualTo(STARTED);
    assertThat(info.path("last_modified").asText()).isEqualTo("2024-05-01T13:46:12");
    assertThat(info.path("status").asText()).isEqualTo("ROLLING_FORWARD");
    assertThat(info.path("update_events")).hasSize(3);
    assertThat(info.path("update_events").get(0).path("message").asText()).isEqualTo("new version");
    assertThat(info.path("update_events").get(1).has("message")).isFalse();
    assertThat(info.path("instance_update_events").get(1).toString())
        .isEqualTo("{\"instance\":0,\"timestamp\":" + (STARTED + 50_000) + ",\"action\":\"INSTANCE_UPDATED\"}");
  }

  @Test
  void instancesAsAuroraDiffNamesThem() {
    assertThat(UpdateFormat.instances(InstanceRanges.parse("0-1,3,5-9"))).isEqualTo("[0-1], [3], [5-9]");
  }
}
