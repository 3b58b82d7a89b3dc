package io.github.auroradist.client.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.InstanceRanges;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.Limits;
import io.github.auroradist.common.model.PartitionPolicy;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One job of a {@code .aurora} file, rendered: what the client sends to the scheduler.
 *
 * <p>{@link #thermosJson()} is the whole job in Aurora's Pystachio JSON form (snake_case
 * fields as in the configuration reference, {@code {{mesos.*}}} and {@code {{thermos.*}}}
 * variables left in place); the executor reads it. The other components are the parts the
 * scheduler and the client need, in typed form. Optional parts are {@code null} when the
 * file leaves them unset.
 */
public record ConfiguredJob(
    AuroraJobKey key,
    String contact,
    int instances,
    boolean service,
    String cronSchedule,
    String cronCollisionPolicy,
    String tier,
    int priority,
    boolean production,
    int maxTaskFailures,
    boolean enableHooks,
    String taskName,
    Resources resources,
    List<String> ports,
    Map<String, String> constraints,
    List<Metadata> metadata,
    JobUpdateSettings updateConfig,
    Container container,
    PartitionPolicy partitionPolicy,
    SlaPolicy slaPolicy,
    ExecutorConfig executorConfig,
    String thermosJson,
    String origin) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PORT_REF =
      Pattern.compile("\\{\\{\\s*thermos\\.ports\\[([^\\[\\]{}]+)\\]\\s*\\}\\}");
  private static final long MB = 1024L * 1024L;

  /** Task resources; RAM and disk in whole MiB as Mesos counts them. */
  public record Resources(double cpu, long ramMb, long diskMb, int gpu) {}

  public record Metadata(String key, String value) {}

  public record ExecutorConfig(String name, String data) {}

  /**
   * The job as the scheduler's API takes it: the role is the owner, the requested ports are
   * the named ports, and the executor's data is {@link #thermosJson()} (or the file's own
   * {@code executor_config}).
   *
   * @throws ConfigException naming each of the API's limits ({@link Limits}) the job breaks, before it is sent
   */
  public JobConfiguration toModel() throws ConfigException {
    JobKey modelKey = key.jobKey();
    Identity owner = new Identity(key.role());
    List<Constraint> modelConstraints = new ArrayList<>();
    constraints.forEach((name, value) -> modelConstraints.add(Constraint.parse(name, value)));
    List<io.github.auroradist.common.model.Metadata> modelMetadata = new ArrayList<>();
    metadata.forEach(m -> modelMetadata.add(new io.github.auroradist.common.model.Metadata(m.key(), m.value())));
    io.github.auroradist.common.model.ExecutorConfig executor = executorConfig == null
        ? new io.github.auroradist.common.model.ExecutorConfig(
            io.github.auroradist.common.model.ExecutorConfig.THERMOS, thermosExecutorData())
        : new io.github.auroradist.common.model.ExecutorConfig(executorConfig.name(),
            executorConfig.data().isEmpty() ? thermosExecutorData() : executorConfig.data());
    TaskConfig task = new TaskConfig(modelKey, owner,
        new io.github.auroradist.common.model.Resources(resources.cpu(), resources.ramMb(),
            resources.diskMb(), resources.gpu(), new TreeSet<>(ports)),
        modelConstraints, service, production, priority, tier, maxTaskFailures, contact,
        modelMetadata, executor, slaPolicy, partitionPolicy, container);
    JobConfiguration job = new JobConfiguration(modelKey, owner, cronSchedule,
        cronSchedule == null ? null : CronCollisionPolicy.valueOf(cronCollisionPolicy),
        instances, task);
    List<Limits.Violation> violations = new ArrayList<>(Limits.STANDARD.violations(job));
    List<String> processNames = new ArrayList<>();
    thermosTree().path("task").path("processes").forEach(p -> processNames.add(p.path("name").asText()));
    violations.addAll(Limits.STANDARD.processNameViolations(processNames));
    if (!violations.isEmpty()) {
      throw new ConfigException(where() + "job " + key + " is beyond the scheduler's limits (docs/api.md):\n  "
          + String.join("\n  ", violations.stream().map(Limits.Violation::toString).toList()));
    }
    return job;
  }

  /** The file the job came from, as a message's prefix ({@code hello.aurora: }), or nothing when unknown. */
  private String where() {
    return origin == null || origin.isEmpty() ? "" : origin + ": ";
  }

  /**
   * The settings of an update of this job to this configuration, of {@code instances} (every one when empty),
   * once the file's {@code update_config} passes Aurora's checks.
   *
   * @throws ConfigException naming each problem of {@code update_config} and its fix
   */
  public JobUpdateSettings updateSettings(InstanceRanges instances) throws ConfigException {
    List<String> problems = UpdateConfigs.problems(thermosTree().path("update_config"));
    if (!problems.isEmpty()) {
      throw new ConfigException(where() + "job " + key + ": "
          + String.join("; ", problems));
    }
    JobUpdateSettings s = updateConfig;
    return new JobUpdateSettings(s.updateGroupSize(), s.maxPerInstanceFailures(), s.maxFailedInstances(),
        s.minWaitInInstanceRunningMs(), s.rollbackOnFailure(), instances.isEmpty() ? null : instances,
        s.waitForBatchCompletion(), s.blockIfNoPulsesAfterMs(), s.slaAware(), s.updateStrategy());
  }

  /**
   * {@link #thermosJson()} without the fields that say how many instances run and how they are updated: the
   * executor reads neither, and an update compares each instance's task configuration, so a new instance count
   * or {@code update_config} must not make every instance differ (scaling 1 to 3 adds two, restarts none).
   */
  private String thermosExecutorData() {
    JsonNode tree = thermosTree();
    if (!tree.isObject()) {
      return thermosJson;
    }
    ((ObjectNode) tree).remove(List.of("instances", "update_config"));
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Jackson tree of {@link #thermosJson()}. */
  public JsonNode thermosTree() {
    try {
      return JSON.readTree(thermosJson);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds the record from the loader's export ({@code {"job": ..., "origin": ...}}). */
  static ConfiguredJob fromExport(JsonNode export) throws ConfigException {
    return fromThermosJson(export.get("job"), null, export.path("origin").asText(""));
  }

  /**
   * Builds the record from a job in Pystachio JSON form.
   *
   * @param ports the requested port names, or null to derive them from the job
   */
  static ConfiguredJob fromThermosJson(JsonNode job, List<String> ports, String origin)
      throws ConfigException {
    String where = origin == null || origin.isEmpty() ? "" : origin + ": ";
    JsonNode task = job.path("task");
    AuroraJobKey key;
    try {
      key = new AuroraJobKey(text(job, "cluster"), text(job, "role"), text(job, "environment"),
          text(job, "name"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + e.getMessage(), e);
    }
    JsonNode res = task.path("resources");
    if (!res.path("cpu").isNumber() || !res.path("ram").isNumber() || !res.path("disk").isNumber()) {
      throw new ConfigException(where + "Resources.cpu, .ram and .disk must be numbers");
    }
    Resources resources = new Resources(res.path("cpu").asDouble(), res.path("ram").asLong() / MB,
        res.path("disk").asLong() / MB, res.path("gpu").asInt(0));
    List<String> portNames = ports != null && !ports.isEmpty() ? List.copyOf(ports)
        : requestedPorts(job);

    Map<String, String> constraints = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = job.path("constraints").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      try {
        Constraint.parse(e.getKey(), e.getValue().asText());
      } catch (IllegalArgumentException bad) {
        throw new ConfigException(where + "Job.constraints: " + bad.getMessage(), bad);
      }
      constraints.put(e.getKey(), e.getValue().asText());
    }
    List<Metadata> metadata = new ArrayList<>();
    for (JsonNode m : job.path("metadata")) {
      metadata.add(new Metadata(m.path("key").asText(), m.path("value").asText()));
    }
    return new ConfiguredJob(key, textOrNull(job, "contact"), job.path("instances").asInt(1),
        job.path("service").asBoolean(false), textOrNull(job, "cron_schedule"),
        job.path("cron_collision_policy").asText("KILL_EXISTING"), textOrNull(job, "tier"),
        job.path("priority").asInt(0), job.path("production").asBoolean(false),
        job.path("max_task_failures").asInt(1), job.path("enable_hooks").asBoolean(false),
        text(task, "name"), resources, portNames, Map.copyOf(constraints), List.copyOf(metadata),
        UpdateConfigs.settings(job.path("update_config")), container(job.get("container")),
        partitionPolicy(job.get("partition_policy")), slaPolicy(job.get("sla_policy")),
        executorConfig(job.get("executor_config")), job.toString(), origin);
  }

  /**
   * The port names Mesos must allocate: every {@code {{thermos.ports[NAME]}}} used in the job
   * and the announcer's primary port, after following the announcer's portmap aliases;
   * names mapped to a fixed number are static and not requested.
   */
  static List<String> requestedPorts(JsonNode job) {
    TreeSet<String> names = new TreeSet<>();
    collectPortRefs(job, names);
    Map<String, String> portmap = new LinkedHashMap<>();
    JsonNode announce = job.get("announce");
    if (announce != null && announce.isObject()) {
      names.add(announce.path("primary_port").asText("http"));
      announce.path("portmap").fields().forEachRemaining(e -> portmap.put(e.getKey(), e.getValue().asText()));
    }
    TreeSet<String> resolved = new TreeSet<>();
    for (String name : names) {
      String n = name;
      for (int hops = 0; portmap.containsKey(n) && hops < 32; hops++) {
        n = portmap.get(n);
      }
      if (!n.matches("\\d+")) {
        resolved.add(n);
      }
    }
    return List.copyOf(resolved);
  }

  private static void collectPortRefs(JsonNode node, TreeSet<String> out) {
    if (node.isTextual()) {
      Matcher m = PORT_REF.matcher(node.asText());
      while (m.find()) {
        out.add(m.group(1).trim());
      }
    } else {
      for (JsonNode child : node) {
        collectPortRefs(child, out);
      }
    }
  }

  /**
   * The job's {@code container}: {@code Docker(image, parameters)} (also inside the older {@code Container(docker=)})
   * or {@code Mesos(image=DockerImage(name, tag) | AppcImage(name, image_id), volumes)}. A DockerImage name pinned to
   * a digest ({@code name@sha256:...}, as {@code {{docker.image[name][tag]}}} gives) carries the digest as its tag.
   */
  private static Container container(JsonNode c) {
    if (c == null || !c.isObject()) {
      return null;
    }
    if (c.has("docker")) {
      return container(c.get("docker"));
    }
    if (c.has("mesos")) {
      return mesosContainer(c.get("mesos"));
    }
    if (c.path("image").isTextual()) {
      List<Container.DockerParameter> params = new ArrayList<>();
      for (JsonNode p : c.path("parameters")) {
        params.add(new Container.DockerParameter(p.path("name").asText(), p.path("value").asText()));
      }
      return Container.docker(c.get("image").asText(), params);
    }
    return mesosContainer(c);
  }

  private static Container mesosContainer(JsonNode c) {
    Container.Image image = null;
    JsonNode i = c.get("image");
    if (i != null && i.isObject()) {
      String name = i.path("name").asText();
      int at = name.indexOf('@');
      image = i.has("image_id") ? Container.Image.appc(name, i.path("image_id").asText())
          : at > 0 ? Container.Image.docker(name.substring(0, at), name.substring(at + 1))
          : Container.Image.docker(name, i.path("tag").asText());
    }
    List<io.github.auroradist.common.model.Volume> volumes = new ArrayList<>();
    for (JsonNode v : c.path("volumes")) {
      String mode = v.path("mode").asText();
      volumes.add(new io.github.auroradist.common.model.Volume(v.path("container_path").asText(),
          v.path("host_path").asText(), mode.equals("RW") ? io.github.auroradist.common.model.Volume.Mode.RW
          : mode.equals("RO") ? io.github.auroradist.common.model.Volume.Mode.RO : null));
    }
    return Container.mesos(image, volumes);
  }

  private static PartitionPolicy partitionPolicy(JsonNode p) {
    return p == null || !p.isObject() ? null
        : new PartitionPolicy(p.path("reschedule").asBoolean(true), p.path("delay_secs").asLong(0));
  }

  private static SlaPolicy slaPolicy(JsonNode s) {
    if (s == null || !s.isObject()) {
      return null;
    }
    if (s.has("coordinator_url")) {
      return SlaPolicy.coordinator(s.get("coordinator_url").asText(), s.path("status_key").asText(null));
    }
    if (s.has("percentage")) {
      return SlaPolicy.percentage(s.get("percentage").asDouble(), s.path("duration_secs").asLong());
    }
    return SlaPolicy.count(s.path("count").asInt(), s.path("duration_secs").asLong());
  }

  private static ExecutorConfig executorConfig(JsonNode e) {
    return e == null || !e.isObject() ? null
        : new ExecutorConfig(e.path("name").asText(), e.path("data").asText(""));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String textOrNull(JsonNode node, String field) {
    return text(node, field);
  }
}
