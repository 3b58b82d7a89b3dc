package io.github.auroradist.client.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.client.keys.AuroraJobKey;
import io.github.auroradist.common.model.update.JobUpdateSettings;
import io.github.auroradist.common.model.update.JobUpdateStrategy;
import io.github.auroradist.common.model.Constraint;
import io.github.auroradist.common.model.Container;
import io.github.auroradist.common.model.CronCollisionPolicy;
import io.github.auroradist.common.model.Identity;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ModelJson;
import io.github.auroradist.common.model.PartitionPolicy;
import io.github.auroradist.common.model.SlaPolicy;
import io.github.auroradist.common.model.TaskConfig;
import io.github.auroradist.common.model.Volume;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The realistic example files under src/test/resources/configs, one per kind of job. */
class ConfigFilesTest {
  static Path config(String name) {
    try {
      return Path.of(ConfigFilesTest.class.getResource("/configs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static AuroraConfig load(String name) throws ConfigException {
    return AuroraConfigLoader.shared().load(config(name), Map.of());
  }

  @Test
  void theBuildPrecompiledTheSchema() {
    // SchemaCompiler runs in process-classes; without it every client start compiles the schema.
    assertThat(AuroraConfigLoader.shared().precompiledSchema()).isTrue();
  }

  /** Every name and field of Aurora 0.22's schema loads, and what the client does not model is carried. */
  @Test
  void everyAuroraSchemaNameLoads() throws Exception {
    AuroraConfig config = load("aurora_schema_names.aurora");
    assertThat(config.jobKeys()).extracting(AuroraJobKey::toString).containsExactly(
        "devcluster/www-data/prod/everything", "devcluster/www-data/prod/docker", "devcluster/www-data/devel/batch",
        "devcluster/www-data/test/plain");
    ConfiguredJob everything = config.job(AuroraJobKey.parse("devcluster/www-data/prod/everything"));
    assertThat(everything.resources()).isEqualTo(new ConfiguredJob.Resources(0.5, 128, 128, 0));
    assertThat(everything.thermosTree().path("task_links").toString())
        .isEqualTo("{\"http\":\"http://%host%:%port:http%\"}");
    assertThat(everything.thermosTree().path("announce").path("zk_path").asText()).isEqualTo("/aurora/svc");
    assertThat(everything.toModel().taskConfig().slaPolicy()).isEqualTo(SlaPolicy.percentage(50, 60));
    assertThat(everything.thermosTree().path("task").path("finalization_wait").asInt()).isEqualTo(30);
    ConfiguredJob batch = config.job(AuroraJobKey.parse("devcluster/www-data/devel/batch"));
    assertThat(batch.thermosTree().path("task").path("constraints").toString()).contains(
        "{\"order\":[\"setup\",\"server\"]}");
    assertThat(config.job(AuroraJobKey.parse("devcluster/www-data/test/plain")).thermosTree().path("task")
        .path("constraints").toString()).isEqualTo("[{\"order\":[\"prep\",\"go\"]}]");
    // DisableLifecycle: no HTTP lifecycle, so the executor stops the processes without calling them.
    assertThat(config.job(AuroraJobKey.parse("devcluster/www-data/test/plain")).thermosTree().path("lifecycle")
        .has("http")).isFalse();
  }

  @Test
  void helloWorld() throws Exception {
    AuroraConfig config = load("hello_world.aurora");
    AuroraJobKey key = AuroraJobKey.parse("devcluster/www-data/devel/hello_world");
    assertThat(config.jobKeys()).containsExactly(key);
    ConfiguredJob job = config.job(key);
    assertThat(job.service()).isTrue();
    assertThat(job.instances()).isEqualTo(1);
    assertThat(job.taskName()).isEqualTo("hello");
    assertThat(job.resources()).isEqualTo(new ConfiguredJob.Resources(1.0, 128, 128, 0));
    assertThat(job.ports()).isEmpty();
    // Jython reports the line where the statement that built the job starts.
    assertThat(job.origin()).endsWith("hello_world.aurora:15");
    JsonNode t = job.thermosTree();
    assertThat(t.path("task").path("processes").get(0).path("cmdline").asText())
        .contains("echo hello world");
    // Defaults as Aurora documents them.
    assertThat(t.path("max_task_failures").asInt()).isEqualTo(1);
    assertThat(t.path("cron_collision_policy").asText()).isEqualTo("KILL_EXISTING");
    assertThat(t.path("task").path("finalization_wait").asInt()).isEqualTo(30);
    assertThat(t.path("task").path("max_concurrency").asInt()).isEqualTo(0);
    assertThat(t.path("task").path("max_failures").asInt()).isEqualTo(1);
    JsonNode p = t.path("task").path("processes").get(0);
    assertThat(p.path("max_failures").asInt()).isEqualTo(1);
    assertThat(p.path("min_duration").asInt()).isEqualTo(5);
    assertThat(p.path("daemon").asBoolean()).isFalse();
    assertThat(p.path("ephemeral").asBoolean()).isFalse();
    assertThat(p.path("final").asBoolean()).isFalse();
    assertThat(p.has("logger")).isFalse();
    JsonNode hc = t.path("health_check_config");
    assertThat(hc.path("initial_interval_secs").asDouble()).isEqualTo(15.0);
    assertThat(hc.path("interval_secs").asDouble()).isEqualTo(10.0);
    assertThat(hc.path("max_consecutive_failures").asInt()).isEqualTo(0);
    assertThat(hc.path("min_consecutive_successes").asInt()).isEqualTo(1);
    assertThat(hc.path("timeout_secs").asDouble()).isEqualTo(1.0);
    assertThat(hc.path("health_checker").path("http").path("endpoint").asText()).isEqualTo("/health");
    assertThat(hc.path("health_checker").path("http").path("expected_response").asText()).isEqualTo("ok");
    JsonNode life = t.path("lifecycle").path("http");
    assertThat(life.path("port").asText()).isEqualTo("health");
    assertThat(life.path("graceful_shutdown_endpoint").asText()).isEqualTo("/quitquitquit");
    assertThat(life.path("shutdown_endpoint").asText()).isEqualTo("/abortabortabort");
    assertThat(life.path("graceful_shutdown_wait_secs").asInt()).isEqualTo(5);
    assertThat(life.path("shutdown_wait_secs").asInt()).isEqualTo(5);
    var u = job.updateConfig();
    assertThat(u).isEqualTo(new JobUpdateSettings(1, 0, 0, 45_000, true, null, false, null, false,
        new JobUpdateStrategy(JobUpdateStrategy.Kind.QUEUE, java.util.List.of(1), false)));
  }

  @Test
  void webServiceWithHealthChecksAnnounceAndUpdates() throws Exception {
    ConfiguredJob job = load("web_service.aurora").job(AuroraJobKey.parse("devcluster/www-data/prod/web"));
    assertThat(job.contact()).isEqualTo("web-team@example.com");
    assertThat(job.instances()).isEqualTo(3);
    assertThat(job.tier()).isEqualTo("preferred");
    assertThat(job.production()).isTrue();
    assertThat(job.priority()).isEqualTo(10);
    assertThat(job.maxTaskFailures()).isEqualTo(-1);
    assertThat(job.ports()).containsExactly("health", "http");
    assertThat(job.constraints()).containsEntry("rack", "limit:1").containsEntry("os", "debian,ubuntu");
    assertThat(job.metadata()).containsExactly(new ConfiguredJob.Metadata("team", "web"),
        new ConfiguredJob.Metadata("tier", "1"));
    assertThat(job.resources()).isEqualTo(new ConfiguredJob.Resources(0.5, 256, 1024, 0));
    var u = job.updateConfig();
    assertThat(u.minWaitInInstanceRunningMs()).isEqualTo(30_000);
    assertThat(u.slaAware()).isTrue();
    assertThat(u.updateGroupSize()).isEqualTo(2);
    assertThat(u.waitForBatchCompletion()).isTrue();
    assertThat(u.updateStrategy()).isEqualTo(new JobUpdateStrategy(JobUpdateStrategy.Kind.BATCH,
        java.util.List.of(2), true));
    assertThat(job.partitionPolicy()).isEqualTo(new PartitionPolicy(false, 60));
    assertThat(job.slaPolicy().kind()).isEqualTo(SlaPolicy.Kind.PERCENTAGE);
    assertThat(job.slaPolicy().percentage()).isEqualTo(66.0);
    // Both reach the scheduler in the task's configuration.
    assertThat(job.toModel().taskConfig().partitionPolicy()).isEqualTo(new PartitionPolicy(false, 60));
    assertThat(job.toModel().taskConfig().slaPolicy()).isEqualTo(job.slaPolicy());
    JsonNode t = job.thermosTree();
    JsonNode web = t.path("task").path("processes").get(0);
    // Executor-side variables stay for the executor to bind.
    assertThat(web.path("cmdline").asText()).isEqualTo("python -m SimpleHTTPServer {{thermos.ports[http]}}"
        + " --admin-port={{thermos.ports[health]}} --instance={{mesos.instance}}");
    assertThat(web.path("max_failures").asInt()).isZero();
    JsonNode shipper = t.path("task").path("processes").get(1);
    assertThat(shipper.path("ephemeral").asBoolean()).isTrue();
    assertThat(shipper.path("logger").toString()).isEqualTo(
        "{\"destination\":\"both\",\"mode\":\"rotate\",\"rotate\":{\"backups\":3,\"log_size\":10485760}}");
    assertThat(t.path("announce").toString())
        .isEqualTo("{\"portmap\":{\"admin\":\"health\"},\"primary_port\":\"http\"}");
    JsonNode http = t.path("health_check_config").path("health_checker").path("http");
    assertThat(http.path("endpoint").asText()).isEqualTo("/healthz");
    assertThat(http.path("expected_response_code").asInt()).isEqualTo(200);
    assertThat(t.path("health_check_config").path("initial_interval_secs").asDouble()).isEqualTo(30.0);
    assertThat(t.path("lifecycle").path("http").path("graceful_shutdown_wait_secs").asInt()).isEqualTo(10);
    assertThat(t.path("task").path("finalization_wait").asInt()).isEqualTo(45);
    assertThat(t.path("task").path("max_failures").asInt()).isEqualTo(2);
  }

  @Test
  void webServiceAsTheSchedulersModel() throws Exception {
    ConfiguredJob job = load("web_service.aurora").job(AuroraJobKey.parse("devcluster/www-data/prod/web"));
    JobConfiguration model = job.toModel();
    assertThat(model.key()).isEqualTo(new JobKey("www-data", "prod", "web"));
    assertThat(model.owner()).isEqualTo(new Identity("www-data"));
    assertThat(model.instanceCount()).isEqualTo(3);
    assertThat(model.isCron()).isFalse();
    TaskConfig task = model.taskConfig();
    assertThat(task.job()).isEqualTo(model.key());
    assertThat(task.resources()).isEqualTo(
        new io.github.auroradist.common.model.Resources(0.5, 256, 1024, 0, java.util.Set.of("health", "http")));
    assertThat(task.constraints()).containsExactlyInAnyOrder(Constraint.limit("rack", 1),
        Constraint.limit("host", 1), Constraint.value("os", false, "debian", "ubuntu"));
    assertThat(task.isService()).isTrue();
    assertThat(task.production()).isTrue();
    assertThat(task.priority()).isEqualTo(10);
    assertThat(task.tier()).isEqualTo("preferred");
    assertThat(task.maxTaskFailures()).isEqualTo(-1);
    assertThat(task.contactEmail()).isEqualTo("web-team@example.com");
    assertThat(task.metadata()).containsExactly(new io.github.auroradist.common.model.Metadata("team", "web"),
        new io.github.auroradist.common.model.Metadata("tier", "1"));
    assertThat(task.executorConfig().name()).isEqualTo("AuroraExecutor");
    // The executor gets the whole job but how many instances run and how they are updated.
    assertThat(task.executorConfig().data())
        .isEqualTo(((ObjectNode) job.thermosTree()).without(List.of("instances", "update_config")).toString());
    // It survives the API's JSON.
    assertThat(ModelJson.read(ModelJson.write(model), JobConfiguration.class)).isEqualTo(model);

    JobConfiguration cron = load("cron_job.aurora")
        .job(AuroraJobKey.parse("devcluster/analytics/staging2/nightly_report")).toModel();
    assertThat(cron.cronSchedule()).isEqualTo("30 2 * * *");
    assertThat(cron.cronCollisionPolicy()).isEqualTo(CronCollisionPolicy.CANCEL_NEW);
    assertThat(cron.taskConfig().isService()).isFalse();
  }

  @Test
  void cronJob() throws Exception {
    ConfiguredJob job = load("cron_job.aurora")
        .job(AuroraJobKey.parse("devcluster/analytics/staging2/nightly_report"));
    assertThat(job.service()).isFalse();
    assertThat(job.cronSchedule()).isEqualTo("30 2 * * *");
    assertThat(job.cronCollisionPolicy()).isEqualTo("CANCEL_NEW");
    assertThat(job.maxTaskFailures()).isEqualTo(3);
    assertThat(job.taskName()).isEqualTo("cleanup");
    assertThat(job.resources()).isEqualTo(new ConfiguredJob.Resources(2.0, 2048, 4096, 0));
    assertThat(job.updateConfig().updateStrategy()).isEqualTo(new JobUpdateStrategy(
        JobUpdateStrategy.Kind.VARIABLE_BATCH, java.util.List.of(1, 2, 5), false));
    assertThat(job.slaPolicy()).isEqualTo(SlaPolicy.count(1, 600));
    assertThat(job.toModel().taskConfig().slaPolicy()).isEqualTo(SlaPolicy.count(1, 600));
    assertThat(job.toModel().taskConfig().partitionPolicy()).isNull();
    assertThat(job.thermosTree().path("task").path("constraints").toString())
        .isEqualTo("[{\"order\":[\"cleanup\",\"report\"]}]");
  }

  @Test
  void profilesBoundPerJob() throws Exception {
    AuroraConfig config = load("profiles.aurora");
    assertThat(config.jobKeys()).extracting(AuroraJobKey::toString).containsExactly(
        "devcluster/analytics/prod/events", "devcluster/analytics/devel/events",
        "devcluster/analytics/test/events_test");
    ConfiguredJob prod = config.job(AuroraJobKey.parse("devcluster/analytics/prod/events"));
    assertThat(prod.instances()).isEqualTo(4);
    JsonNode procs = prod.thermosTree().path("task").path("processes");
    assertThat(procs.get(0).path("cmdline").asText()).isEqualTo("fetch-package analytics live");
    // {{name}} inside a Process is the process's own name, as in Pystachio.
    assertThat(procs.get(1).path("cmdline").asText()).isEqualTo(
        "java -Xmx2048m -jar analytics-live.jar --input hdfs://data/prod/events"
            + " --job analytics/prod/run --cpus 1.0 --greeting \"hello prod\"");
    // SequentialTask orders every process.
    assertThat(prod.thermosTree().path("task").path("constraints").toString())
        .isEqualTo("[{\"order\":[\"fetch\",\"run\"]}]");

    ConfiguredJob devel = config.job(AuroraJobKey.parse("devcluster/analytics/devel/events"));
    assertThat(devel.instances()).isEqualTo(1);
    assertThat(devel.thermosTree().path("task").path("processes").get(1).path("cmdline").asText())
        .isEqualTo("java -Xmx512m -jar analytics-latest.jar --input file:///tmp/events"
            + " --job analytics/devel/run --cpus 1.0 --greeting \"hello devel\"");
    ConfiguredJob test = config.job(AuroraJobKey.parse("devcluster/analytics/test/events_test"));
    assertThat(test.thermosTree().path("name").asText()).isEqualTo("events_test");
    assertThat(test.thermosTree().path("task").path("processes").get(1).path("cmdline").asText())
        .contains("--input hdfs://data/test/events");
  }

  @Test
  void includeIsRelativeToTheIncludingFile() throws Exception {
    ConfiguredJob job = load("nested/uses_include.aurora")
        .job(AuroraJobKey.parse("devcluster/www-data/devel/included"));
    JsonNode procs = job.thermosTree().path("task").path("processes");
    assertThat(procs.get(0).path("name").asText()).isEqualTo("install_app");
    assertThat(procs.get(0).path("cmdline").asText()).isEqualTo("install-package app-7");
    assertThat(procs.get(1).path("cmdline").asText())
        .isEqualTo("serve --package app --port {{thermos.ports[http]}}");
    assertThat(job.ports()).containsExactly("http");
    assertThat(job.resources()).isEqualTo(new ConfiguredJob.Resources(0.25, 64, 64, 0));
  }

  @Test
  void taskHelpers() throws Exception {
    AuroraConfig config = load("workflow.aurora");
    ConfiguredJob pipeline = config.job(AuroraJobKey.parse("devcluster/batch/test/pipeline"));
    JsonNode task = pipeline.thermosTree().path("task");
    assertThat(task.path("name").asText()).isEqualTo("prepare");
    assertThat(task.path("max_concurrency").asInt()).isEqualTo(2);
    assertThat(task.path("processes")).extracting(p -> p.path("name").asText())
        .containsExactly("stage", "compute", "upload", "heartbeat");
    // concat: stage before compute; the final upload is not ordered after an ordinary process.
    assertThat(task.path("constraints").toString()).isEqualTo("[{\"order\":[\"stage\",\"compute\"]}]");
    // concat takes the largest of each resource, combine adds them up.
    assertThat(pipeline.resources()).isEqualTo(new ConfiguredJob.Resources(4.5, 4096 + 128, 2048 + 128, 0));
    assertThat(task.path("processes").get(3).path("daemon").asBoolean()).isTrue();
    assertThat(task.path("processes").get(2).path("final").asBoolean()).isTrue();

    ConfiguredJob helpers = config.job(AuroraJobKey.parse("devcluster/batch/test/helpers"));
    JsonNode ht = helpers.thermosTree().path("task");
    assertThat(ht.path("constraints").toString()).isEqualTo("[{\"order\":[\"one\",\"two\"]}]");
    assertThat(ht.path("processes").get(1).path("logger").toString())
        .isEqualTo("{\"destination\":\"file\",\"mode\":\"rotate\"}");
    assertThat(helpers.resources()).isEqualTo(new ConfiguredJob.Resources(1.0, 1024, 1024, 0));

    ConfiguredJob quick = config.job(AuroraJobKey.parse("devcluster/batch/test/quick"));
    assertThat(quick.taskName()).isEqualTo("quick");
    assertThat(quick.resources()).isEqualTo(new ConfiguredJob.Resources(1.0, 1024, 1024, 0));
  }

  @Test
  void containers() throws Exception {
    AuroraConfig config = load("containers.aurora");
    ConfiguredJob engine = config.job(AuroraJobKey.parse("devcluster/docker/devel/engine"));
    assertThat(engine.container()).isEqualTo(Container.docker("example/app:1.2",
        java.util.List.of(new Container.DockerParameter("env", "MODE=prod"),
            new Container.DockerParameter("label", "team=web"))));
    assertThat(engine.toModel().taskConfig().container()).isEqualTo(engine.container());
    JsonNode checker = engine.thermosTree().path("health_check_config").path("health_checker");
    assertThat(checker.path("shell").path("shell_command").asText()).isEqualTo("test -f /tmp/ok");
    assertThat(checker.has("http")).isFalse();

    ConfiguredJob unified = config.job(AuroraJobKey.parse("devcluster/docker/devel/unified"));
    assertThat(unified.container()).isEqualTo(Container.mesos(Container.Image.docker("example/app", "1.2"),
        java.util.List.of(new Volume("/data", "/srv/data", Volume.Mode.RO))));
    assertThat(unified.toModel().taskConfig().container()).isEqualTo(unified.container());

    ConfiguredJob appc = config.job(AuroraJobKey.parse("devcluster/docker/devel/appc"));
    assertThat(appc.container().mesos().image()).isEqualTo(Container.Image.appc("example/app", "sha512-abc"));
    assertThat(appc.slaPolicy()).isEqualTo(SlaPolicy.coordinator("http://coordinator:8080", "drain"));
    assertThat(appc.toModel().taskConfig().slaPolicy()).isEqualTo(SlaPolicy.coordinator("http://coordinator:8080",
        null));
  }
}
