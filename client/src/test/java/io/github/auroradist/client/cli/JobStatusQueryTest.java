package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code aurora job status} and the other status-only commands ask the scheduler for: the tasks without their
 * configurations ({@code configs=false}, docs/api.md), which the scheduler answers with each task's configuration
 * cut to job and resources; {@code --write-json}, which prints whole tasks, still asks for them whole.
 */
class JobStatusQueryTest {
  /** Two tasks as {@code GET /api/tasks?configs=false} answers them: no nulls, the config only job and resources. */
  static final String WITHOUT_CONFIGS = """
      {"tasks": [
        {"assignedTask": {"taskId": "www-data-prod-web-0-a", "agentId": "agent-1", "agentHost": "h1",
           "task": {"job": {"role": "www-data", "environment": "prod", "name": "web"},
                    "resources": {"cpu": 0.5, "ramMb": 64, "diskMb": 128, "gpus": 0, "namedPorts": ["http"]}},
           "assignedPorts": {"http": 31000}, "instanceId": 0},
         "status": "RUNNING", "failureCount": 0,
         "taskEvents": [{"timestamp": 1700000000000, "status": "PENDING", "scheduler": "s"},
                        {"timestamp": 1700000002000, "status": "RUNNING", "message": "up", "scheduler": "s"}]},
        {"assignedTask": {"taskId": "www-data-prod-web-1-b",
           "task": {"job": {"role": "www-data", "environment": "prod", "name": "web"},
                    "resources": {"cpu": 0.5, "ramMb": 64, "diskMb": 128, "gpus": 0, "namedPorts": ["http"]}},
           "assignedPorts": {}, "instanceId": 1},
         "status": "KILLED", "failureCount": 0,
         "taskEvents": [{"timestamp": 1700000000000, "status": "PENDING", "scheduler": "s"},
                        {"timestamp": 1700000003000, "status": "KILLED", "message": "Killed by alice",
                         "scheduler": "s"}]}]}""";

  @TempDir Path dir;
  ContractScheduler scheduler;

  @BeforeEach
  void start() throws Exception {
    scheduler = new ContractScheduler();
    scheduler.useAsCluster(dir);
    scheduler.answer("GET /api/tasks", 200, WITHOUT_CONFIGS);
  }

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private String lastQuery() {
    return scheduler.requests.get(scheduler.requests.size() - 1).query();
  }

  @Test
  void jobStatusAsksForTheTasksWithoutConfigurationsAndPrintsThemAsAlways() {
    Result r = aurora("job", "status", "contract/www-data/prod/web");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(lastQuery()).isEqualTo("role=www-data&environment=prod&name=web&configs=false");
    assertThat(r.out()).isEqualTo("""
        Active tasks (1):
          Task role: www-data, env: prod, name: web, instance: 0, status: RUNNING on h1
            id: www-data-prod-web-0-a
            cpus: 0.5, ram: 64 MB, disk: 128 MB
            ports: {http=31000}
            events:
             2023-11-14T22:13:20Z PENDING
             2023-11-14T22:13:22Z RUNNING: up
        Inactive tasks (1):
          Task role: www-data, env: prod, name: web, instance: 1, status: KILLED
            id: www-data-prod-web-1-b
            cpus: 0.5, ram: 64 MB, disk: 128 MB
            events:
             2023-11-14T22:13:20Z PENDING
             2023-11-14T22:13:23Z KILLED: Killed by alice
        """);

    aurora("job", "status", "contract/www-data/prod/web/0-1");
    assertThat(lastQuery()).isEqualTo("role=www-data&environment=prod&name=web&instances=0-1&configs=false");
  }

  @Test
  void writeJsonStillAsksForWholeTasks() {
    assertThat(aurora("job", "status", "contract/www-data/prod/web", "--write-json").code()).isZero();
    assertThat(lastQuery()).isEqualTo("role=www-data&environment=prod&name=web");
  }

  @Test
  void theOtherStatusOnlyReadsAskWithoutConfigurationsToo() {
    for (List<String> command : List.of(List.of("sla", "get-job-uptime", "contract/www-data/prod/web"),
        List.of("sla", "get-task-up-count", "contract/www-data/prod/web"))) {
      scheduler.requests.clear();
      aurora(command.toArray(String[]::new));
      assertThat(scheduler.requests).as(command.toString()).isNotEmpty()
          .allSatisfy(q -> assertThat(q.query()).contains("configs=false"));
    }
  }
}
