package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.client.config.ConfiguredJob;
import java.util.ArrayList;
import java.util.List;

/** The human-readable form of a job that {@code aurora job inspect} prints. */
final class JobDescription {
  private JobDescription() {}

  static String describe(ConfiguredJob job) {
    JsonNode tree = job.thermosTree();
    JsonNode task = tree.path("task");
    StringBuilder sb = new StringBuilder();
    sb.append("Job level information\n");
    line(sb, 2, "key", job.key().toString());
    line(sb, 2, "name", job.key().name());
    line(sb, 2, "role", job.key().role());
    line(sb, 2, "environment", job.key().environment());
    line(sb, 2, "cluster", job.key().cluster());
    if (job.contact() != null) {
      line(sb, 2, "contact", job.contact());
    }
    line(sb, 2, "instances", String.valueOf(job.instances()));
    line(sb, 2, "service", String.valueOf(job.service()));
    if (job.cronSchedule() != null) {
      sb.append("  cron:\n");
      line(sb, 4, "schedule", job.cronSchedule());
      line(sb, 4, "policy", job.cronCollisionPolicy());
    }
    if (job.tier() != null) {
      line(sb, 2, "tier", job.tier());
    }
    line(sb, 2, "production", String.valueOf(job.production()));
    line(sb, 2, "priority", String.valueOf(job.priority()));
    line(sb, 2, "max task failures", String.valueOf(job.maxTaskFailures()));
    if (!job.ports().isEmpty()) {
      line(sb, 2, "ports", String.join(", ", job.ports()));
    }
    if (!job.constraints().isEmpty()) {
      sb.append("  constraints:\n");
      job.constraints().forEach((k, v) -> line(sb, 4, k, v));
    }
    if (tree.has("announce")) {
      line(sb, 2, "announce", "primary port " + tree.path("announce").path("primary_port").asText());
    }
    if (job.container() != null) {
      line(sb, 2, "container", containerText(job.container()));
    }
    var u = job.updateConfig();
    line(sb, 2, "update", "batch size " + u.updateGroupSize() + ", watch " + u.minWaitInInstanceRunningMs() / 1000
        + "s, strategy " + u.updateStrategy().kind() + " " + u.updateStrategy().groupSizes());
    sb.append('\n');
    sb.append("Task level information\n");
    line(sb, 2, "name", job.taskName());
    var r = job.resources();
    line(sb, 2, "resources", "cpu " + r.cpu() + ", ram " + r.ramMb() + " MB, disk " + r.diskMb()
        + " MB" + (r.gpu() > 0 ? ", gpu " + r.gpu() : ""));
    line(sb, 2, "max failures", task.path("max_failures").asText());
    line(sb, 2, "max concurrency", task.path("max_concurrency").asText());
    line(sb, 2, "finalization wait", task.path("finalization_wait").asText() + "s");
    List<String> orders = new ArrayList<>();
    for (JsonNode c : task.path("constraints")) {
      List<String> names = new ArrayList<>();
      c.path("order").forEach(n -> names.add(n.asText()));
      orders.add(String.join(" -> ", names));
    }
    if (!orders.isEmpty()) {
      sb.append("  order constraints:\n");
      orders.forEach(o -> sb.append("    ").append(o).append('\n'));
    }
    for (JsonNode p : task.path("processes")) {
      sb.append('\n');
      sb.append("Process '").append(p.path("name").asText()).append("':\n");
      sb.append("  cmdline:\n");
      for (String l : p.path("cmdline").asText().split("\n", -1)) {
        sb.append("    ").append(l).append('\n');
      }
      List<String> flags = new ArrayList<>();
      if (p.path("daemon").asBoolean()) {
        flags.add("daemon");
      }
      if (p.path("ephemeral").asBoolean()) {
        flags.add("ephemeral");
      }
      if (p.path("final").asBoolean()) {
        flags.add("final");
      }
      line(sb, 2, "max failures", p.path("max_failures").asText());
      line(sb, 2, "min duration", p.path("min_duration").asText() + "s");
      if (!flags.isEmpty()) {
        line(sb, 2, "flags", String.join(", ", flags));
      }
    }
    return sb.toString();
  }

  /** {@code DOCKER image} or {@code MESOS image|host file system}, then the volumes as host:container:mode. */
  private static String containerText(io.github.auroradist.common.model.Container c) {
    if (c.docker() != null) {
      return "DOCKER " + c.docker().image() + (c.docker().parameters().isEmpty() ? "" : ", parameters "
          + c.docker().parameters().stream().map(p -> p.name() + "=" + p.value()).toList());
    }
    var image = c.mesos() == null ? null : c.mesos().image();
    String what = image == null ? "host file system" : image.docker() != null
        ? "docker image " + io.github.auroradist.common.model.ContainerChecks.reference(image.docker())
        : "appc image " + image.appc().name() + " " + image.appc().imageId();
    return "MESOS " + what + (c.volumes().isEmpty() ? "" : ", volumes " + c.volumes().stream()
        .map(v -> v.hostPath() + ":" + v.containerPath() + ":" + v.mode()).toList());
  }

  private static void line(StringBuilder sb, int indent, String label, String value) {
    sb.append(" ".repeat(indent)).append(label).append(": ").append(value).append('\n');
  }
}
