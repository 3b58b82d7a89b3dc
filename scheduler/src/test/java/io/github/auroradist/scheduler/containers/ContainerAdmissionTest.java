package io.github.auroradist.scheduler.containers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.scheduler.testing.Http;
import io.github.auroradist.scheduler.testing.RunningScheduler;
import io.github.auroradist.scheduler.testing.TestJobs;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job asking for a container the cluster's flags do not allow is refused at create, at update and at cron
 * schedule, naming the flag; a cluster that allows it takes the job, with its default docker parameters.
 */
class ContainerAdmissionTest {
  private static final String IMAGE = "127.0.0.1:5000/app:v1";

  @RegisterExtension
  static final RunningScheduler aurorasDefaults = new RunningScheduler();
  @RegisterExtension
  static final RunningScheduler permissive = new RunningScheduler(dir -> List.of(
      "-allowed_container_types=MESOS,DOCKER", "-allow_container_volumes=true",
      "-default_docker_parameters=read-only=true,tmpfs=/tmp"));

  private static String docker(String parameters) {
    return ", \"container\": {\"docker\": {\"image\": \"" + IMAGE + "\", \"parameters\": [" + parameters + "]}}";
  }

  private static String mesos(String volumes) {
    return ", \"container\": {\"mesos\": {\"image\": {\"docker\": {\"name\": \"127.0.0.1:5000/app\", \"tag\":"
        + " \"v1\"}}, \"volumes\": [" + volumes + "]}}";
  }

  private static final String VOLUME = "{\"containerPath\": \"/data\", \"hostPath\": \"/srv/data\", \"mode\": \"RW\"}";

  private static String refusal(Http http, String path, String body) {
    Http.Reply reply = http.post(path, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    return reply.json().get("message").asText();
  }

  @Test
  void typesParametersAndVolumesTheFlagsDoNotAllowAreRefusedNamingTheFlag() {
    Http http = aurorasDefaults.http();
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "dockerjob", 1, docker(""))))
        .contains("taskConfig.container: this cluster does not run DOCKER containers: the scheduler's"
            + " -allowed_container_types is MESOS");
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "volumes", 1, mesos(VOLUME))))
        .contains("taskConfig.container.mesos.volumes: this cluster does not mount a job's volumes (the scheduler's"
            + " -allow_container_volumes is false)");
    // Cron jobs go through the same rules.
    String cron = TestJobs.job("www-data", "prod", "cronjob", 1, docker(""))
        .replace("\"instanceCount\": 1,", "\"instanceCount\": 1, \"cronSchedule\": \"0 3 * * *\",");
    assertThat(refusal(http, "/api/cron", cron)).contains("-allowed_container_types");
    // A Mesos image is what the defaults allow.
    Http.Reply ok = http.post("/api/jobs", TestJobs.job("www-data", "prod", "image", 1, mesos("")));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    // ... and an update cannot bring in what create could not.
    String update = "{\"job\": " + TestJobs.job("www-data", "prod", "image", 1, mesos(VOLUME)) + "}";
    assertThat(refusal(http, "/api/updates", update)).contains("job.taskConfig.container.mesos.volumes",
        "-allow_container_volumes");
  }

  @Test
  void ownDockerParametersNeedTheFlagAndDefaultsFillTheRest() {
    Http http = permissive.http();
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "params", 1,
        docker("{\"name\": \"privileged\", \"value\": \"true\"}"))))
        .contains("taskConfig.container.docker.parameters: this cluster does not take a job's own docker parameters"
            + " (the scheduler's -allow_docker_parameters is false); leave parameters out to get the cluster's"
            + " defaults");
    Http.Reply created = http.post("/api/jobs", TestJobs.job("www-data", "prod", "defaults", 1, docker("")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode task = http.get("/api/tasks?role=www-data&name=defaults").json().get("tasks").get(0);
    JsonNode container = task.at("/assignedTask/task/container/docker");
    assertThat(container.get("image").asText()).isEqualTo(IMAGE);
    assertThat(container.get("parameters").toString())
        .isEqualTo("[{\"name\":\"read-only\",\"value\":\"true\"},{\"name\":\"tmpfs\",\"value\":\"/tmp\"}]");
    Http.Reply volumes = http.post("/api/jobs", TestJobs.job("www-data", "prod", "volumes", 1, mesos(VOLUME)));
    assertThat(volumes.status()).as(volumes.body()).isEqualTo(201);
  }

  @Test
  void badReferencesAndPathsAreRefusedWithTheFix() {
    Http http = permissive.http();
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "badimage", 1,
        ", \"container\": {\"docker\": {\"image\": \"App:1\"}}")))
        .contains("taskConfig.container.docker.image: 'App:1' is not a Docker image reference");
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "badvolume", 1,
        mesos("{\"containerPath\": \"data\", \"hostPath\": \"/srv/../etc\", \"mode\": \"RO\"}"))))
        .contains("containerPath: 'data' is not an absolute path", "hostPath: '/srv/../etc' has a '..' component");
    assertThat(refusal(http, "/api/jobs", TestJobs.job("www-data", "prod", "noimage", 1,
        ", \"container\": {\"mesos\": {\"volumes\": [" + VOLUME + "]}}")))
        .contains("volumes need an image");
  }
}
