package io.github.auroradist.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.update.JobInstanceUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateDetails;
import io.github.auroradist.common.model.update.JobUpdateEvent;
import io.github.auroradist.common.model.update.JobUpdateSummary;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The text and JSON the update commands print, in the forms Aurora's client prints and operators' scripts parse:
 * times in UTC as {@code 2024-05-01T13:45:07}, {@code update list}'s fixed-width columns, {@code update info}'s
 * lines.
 */
final class UpdateFormat {
  /** {@code update list}'s columns and their widths. */
  static final List<String> COLUMNS = List.of("JOB", "UPDATE ID", "STATUS", "CREATED BY", "STARTED",
      "LAST MODIFIED");
  static final int[] WIDTHS = {47, 36, 15, 11, 19, 19};

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private UpdateFormat() {}

  /** A time in UTC to the second, whatever this machine's time zone. */
  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS));
  }

  /** One line of {@code update list}: each value padded to its column's width (never cut), one space apart. */
  static String row(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(' ');
      }
      String v = values.get(i) == null ? "-" : values.get(i);
      sb.append(v).append(" ".repeat(Math.max(0, WIDTHS[i] - v.length())));
    }
    return sb.toString();
  }

  static String header() {
    return row(COLUMNS);
  }

  static String row(String cluster, JobUpdateSummary s) {
    return row(List.of(cluster + "/" + s.key().job().path(), s.key().id(), s.state().status().name(),
        s.user() == null ? "-" : s.user(), time(s.state().createdTimestampMs()),
        time(s.state().lastModifiedTimestampMs())));
  }

  /** {@code update list --write-json}: a list of {job, id, user, started, last_modified, status}. */
  static String listJson(String cluster, List<JobUpdateSummary> updates) {
    ArrayNode list = JSON.createArrayNode();
    for (JobUpdateSummary s : updates) {
      ObjectNode o = list.addObject();
      o.put("job", cluster + "/" + s.key().job().path());
      o.put("id", s.key().id());
      o.put("user", s.user());
      o.put("started", time(s.state().createdTimestampMs()));
      o.put("last_modified", time(s.state().lastModifiedTimestampMs()));
      o.put("status", s.state().status().name());
    }
    return write(list);
  }

  /** {@code update info}: the update's key, times and status, then its events, oldest first. */
  static List<String> info(AuroraJobKey job, JobUpdateDetails details) {
    JobUpdateSummary s = details.update().summary();
    List<String> out = new ArrayList<>();
    out.add("Job: " + job + ", UpdateID: " + s.key().id());
    out.add("Started " + time(s.state().createdTimestampMs()) + ", last activity: "
        + time(s.state().lastModifiedTimestampMs()));
    out.add("Current status: " + s.state().status());
    if (!details.updateEvents().isEmpty()) {
      out.add("Update events:");
      for (JobUpdateEvent e : details.updateEvents()) {
        out.add("  Status: " + e.status() + " at " + time(e.timestampMs()));
        if (e.message() != null && !e.message().isEmpty()) {
          out.add("      message: " + e.message());
        }
      }
    }
    if (!details.instanceEvents().isEmpty()) {
      out.add("Instance events:");
      for (JobInstanceUpdateEvent e : details.instanceEvents()) {
        out.add("  Instance " + e.instanceId() + " at " + time(e.timestampMs()) + ": " + e.action());
      }
    }
    return out;
  }

  /**
   * {@code update info --write-json}: {@code updateId}, {@code job}, {@code started} (ms), {@code last_modified},
   * {@code status}, {@code update_events} and {@code instance_update_events}, as Aurora's client names them.
   */
  static String infoJson(AuroraJobKey job, JobUpdateDetails details) {
    JobUpdateSummary s = details.update().summary();
    ObjectNode o = JSON.createObjectNode();
    o.put("updateId", s.key().id());
    o.put("job", job.toString());
    o.put("started", s.state().createdTimestampMs());
    o.put("last_modified", time(s.state().lastModifiedTimestampMs()));
    o.put("status", s.state().status().name());
    ArrayNode updateEvents = o.putArray("update_events");
    for (JobUpdateEvent e : details.updateEvents()) {
      ObjectNode event = updateEvents.addObject().put("status", e.status().name()).put("timestampMs", e.timestampMs());
      if (e.user() != null) {
        event.put("user", e.user());
      }
      if (e.message() != null && !e.message().isEmpty()) {
        event.put("message", e.message());
      }
    }
    ArrayNode instanceEvents = o.putArray("instance_update_events");
    for (JobInstanceUpdateEvent e : details.instanceEvents()) {
      instanceEvents.addObject().put("instance", e.instanceId()).put("timestamp", e.timestampMs())
          .put("action", e.action().name());
    }
    return write(o);
  }

  /** Instances as Aurora's diff names them: {@code [0-1], [3]}. */
  static String instances(InstanceRanges ranges) {
    return ranges.ranges().stream()
        .map(r -> r.first() == r.last() ? "[" + r.first() + "]" : "[" + r.first() + "-" + r.last() + "]")
        .collect(Collectors.joining(", "));
  }

  private static String write(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
