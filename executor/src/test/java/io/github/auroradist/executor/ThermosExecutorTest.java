package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.common.thermos.checkpoint.Checkpoints;
import io.github.auroradist.common.thermos.checkpoint.TaskCheckpoint;
import io.github.auroradist.common.thermos.checkpoint.TaskState;
import io.github.auroradist.mesos.executor.MesosExecutorClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThermosExecutorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path runDir;
  FakeAgent agent;
  MesosExecutorClient client;
  ThermosExecutor executor;
  HttpServer service;
  final List<String> serviceRequests = new CopyOnWriteArrayList<>();
  /** When each request arrived, on the monotonic clock. */
  final Map<String, Long> requestNanos = new java.util.concurrent.ConcurrentHashMap<>();
  volatile int healthStatus = 200;
  /** Whether the task's process had already seen SIGTERM when /abortabortabort arrived. */
  volatile Boolean sigtermBeforeAbort;
  /** An update in this state cannot be sent: the channel throws, as a broken agent connection would. */
  volatile Protos.TaskState unsendable;

  @BeforeEach
  void setUp() throws Exception {
    agent = new FakeAgent();
  }

  @AfterEach
  void tearDown() {
    executor.runner().ifPresent(r -> r.forceKill("test over"));
    if (client != null) {
      client.close();
    }
    agent.close();
    if (service != null) {
      service.stop(0);
    }
  }

  private void startExecutor(ExecutorSettings settings) {
    MesosExecutorClient[] holder = new MesosExecutorClient[1];
    executor = new ThermosExecutor(settings, runDir, new StatusChannel() {
      @Override
      public void update(Protos.TaskStatus status) {
        if (status.getState() == unsendable) {
          throw new IllegalStateException("the agent connection is gone");
        }
        holder[0].update(status);
      }

      @Override
      public boolean allAcknowledged() {
        return holder[0].unacknowledgedUpdates().isEmpty();
      }
    });
    client = new MesosExecutorClient(agent.environment(runDir), executor);
    holder[0] = client;
    client.start();
  }

  private ExecutorSettings settings() {
    return ExecutorSettings.defaults().withSetuid(false).withEscalationWait(Duration.ofSeconds(2))
        .withStopTimeout(Duration.ofSeconds(20));
  }

  /** The assigned-task wrapper the scheduler puts in TaskInfo.data. */
  private static byte[] assigned(String taskId, Map<String, Integer> ports, String thermosJson) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("taskId", taskId);
    root.put("instanceId", 1);
    root.put("role", "www-data");
    root.put("environment", "prod");
    root.put("jobName", "hello");
    root.put("agentHost", "agent-under-test");
    ObjectNode p = root.putObject("assignedPorts");
    ports.forEach(p::put);
    root.put("executorData", thermosJson);
    return JSON.writeValueAsBytes(root);
  }

  private static String thermos(String processesJson, String extra) {
    return "{\"role\": \"www-data\", \"environment\": \"prod\", \"name\": \"hello\"" + extra
        + ", \"task\": {\"name\": \"hello\", \"finalization_wait\": 5, \"processes\": " + processesJson + "}}";
  }

  private void startService() throws Exception {
    service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    service.createContext("/", exchange -> {
      serviceRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      requestNanos.put(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), System.nanoTime());
      if (exchange.getRequestURI().getPath().equals("/abortabortabort")) {
        sigtermBeforeAbort = Files.exists(runDir.resolve("sandbox/sigterm"));
      }
      int status = exchange.getRequestURI().getPath().equals("/health") ? healthStatus : 200;
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    service.start();
  }

  @Test
  void runsATaskToFinishedAndExitsAfterTheAcknowledgement() throws Exception {
    startExecutor(settings());
    agent.launch("t-1", assigned("t-1", Map.of("http", 31555), thermos(
        "[{\"name\": \"hello\", \"cmdline\": \"echo {{mesos.instance}} {{thermos.ports[http]}}"
            + " {{thermos.task_id}} {{mesos.hostname}} > out\"}]", "")));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.states()).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_RUNNING,
        Protos.TaskState.TASK_FINISHED);
    assertThat(Files.readString(runDir.resolve("sandbox/out"))).isEqualTo("1 31555 t-1 agent-under-test\n");
    TaskCheckpoint cp = Checkpoints.read(Checkpoints.file(runDir, "t-1"));
    assertThat(cp.state()).isEqualTo(TaskState.SUCCESS);
    assertThat(cp.header().jobName()).isEqualTo("hello");
    assertThat(cp.header().ports()).containsEntry("http", 31555);
    assertThat(Checkpoints.configTree(cp.header()).path("task").path("processes").get(0).path("cmdline").asText())
        .startsWith("echo 1 31555");
    assertThat(client.unacknowledgedUpdates()).isEmpty();
  }

  @Test
  void isDoneOnlyOnceTheAgentAcknowledgedTheTerminalUpdate() throws Exception {
    agent.acknowledge = false;
    startExecutor(settings()); // the acknowledgement wait gives up after 2 minutes only
    agent.launch("t-ack", assigned("t-ack", Map.of(), thermos("[{\"name\": \"p\", \"cmdline\": \"true\"}]", "")));
    // The client lists an update as unacknowledged before it sends it, and the agent acknowledges only what it
    // received: wait for both.
    await().atMost(Duration.ofSeconds(20)).until(() -> client.unacknowledgedUpdates().stream()
        .anyMatch(s -> s.getState() == Protos.TaskState.TASK_FINISHED)
        && agent.states().contains(Protos.TaskState.TASK_FINISHED));
    assertThat(executor.done()).isNotDone();
    agent.acknowledgeAll();
    executor.done().get(10, TimeUnit.SECONDS);
    assertThat(client.unacknowledgedUpdates()).isEmpty();
  }

  @Test
  void theAcknowledgementTimeoutEndsTheWaitForAnAgentThatNeverAcknowledges() throws Exception {
    agent.acknowledge = false;
    startExecutor(new ExecutorSettings(java.util.Optional.empty(), "/aurora", java.util.Optional.empty(), false,
        false, Duration.ofSeconds(20), io.github.auroradist.common.thermos.config.LoggerConfig.standard(),
        Duration.ofSeconds(2), Duration.ofSeconds(2)));
    agent.launch("t-ack", assigned("t-ack", Map.of(), thermos("[{\"name\": \"p\", \"cmdline\": \"true\"}]", "")));
    executor.done().get(20, TimeUnit.SECONDS);
    assertThat(agent.states()).contains(Protos.TaskState.TASK_FINISHED);
    assertThat(client.unacknowledgedUpdates()).extracting(Protos.TaskStatus::getState)
        .contains(Protos.TaskState.TASK_FINISHED);
  }

  @Test
  void aTerminalUpdateThatCannotBeSentEndsTheExecutorWithTheError() throws Exception {
    unsendable = Protos.TaskState.TASK_FINISHED;
    startExecutor(settings());
    agent.launch("t-lost", assigned("t-lost", Map.of(), thermos("[{\"name\": \"p\", \"cmdline\": \"true\"}]", "")));
    assertThatThrownBy(() -> executor.done().get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasRootCauseMessage("the agent connection is gone");
  }

  @Test
  void failedProcessIsNamedInTheFailure() throws Exception {
    startExecutor(settings());
    agent.launch("t-2", assigned("t-2", Map.of(), thermos(
        "[{\"name\": \"setup\", \"cmdline\": \"exit 4\"}]", "")));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.last().getState()).isEqualTo(Protos.TaskState.TASK_FAILED);
    assertThat(agent.last().getMessage()).contains("'setup'").contains("exit code 4");
  }

  @Test
  void unboundReferenceFailsTheTaskWithItsName() throws Exception {
    startExecutor(settings());
    agent.launch("t-3", assigned("t-3", Map.of(), thermos(
        "[{\"name\": \"web\", \"cmdline\": \"serve --port={{thermos.ports[http]}}\"}]", "")));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.states()).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_FAILED);
    assertThat(agent.last().getMessage()).contains("{{thermos.ports[http]}}");
  }

  @Test
  void announcerPortmapAliasesBindToThePortsTheyLeadTo() throws Exception {
    startExecutor(settings());
    // As Aurora's client writes Announcer(portmap={'aurora': '{{primary_port}}', 'alias': 'http',
    // 'chained': 'alias', 'static': 8080}): only http is assigned, the rest are aliases.
    String announce = ", \"announce\": {\"primary_port\": \"http\", \"portmap\": {\"aurora\": \"{{primary_port}}\","
        + " \"alias\": \"http\", \"chained\": \"alias\", \"static\": 8080}}";
    agent.launch("t-alias", assigned("t-alias", Map.of("http", 31555), thermos(
        "[{\"name\": \"echo\", \"cmdline\": \"echo {{thermos.ports[alias]}} {{thermos.ports[chained]}}"
            + " {{thermos.ports[aurora]}} {{thermos.ports[static]}} > out\"}]", announce)));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.states()).as(agent.last().getMessage()).containsExactly(Protos.TaskState.TASK_STARTING,
        Protos.TaskState.TASK_RUNNING, Protos.TaskState.TASK_FINISHED);
    assertThat(Files.readString(runDir.resolve("sandbox/out"))).isEqualTo("31555 31555 31555 8080\n");
    assertThat(Checkpoints.read(Checkpoints.file(runDir, "t-alias")).header().ports()).isEqualTo(
        Map.of("http", 31555, "alias", 31555, "chained", 31555, "aurora", 31555, "static", 8080));
  }

  @Test
  void aliasOfAPortTheTaskWasNotGivenFailsTheTaskNamingBoth() throws Exception {
    startExecutor(settings());
    agent.launch("t-alias-2", assigned("t-alias-2", Map.of("http", 31555), thermos(
        "[{\"name\": \"echo\", \"cmdline\": \"echo {{thermos.ports[admin]}}\"}]",
        ", \"announce\": {\"portmap\": {\"admin\": \"debug\"}}")));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.states()).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_FAILED);
    assertThat(agent.last().getMessage()).contains("{{thermos.ports[admin]}}").contains("'admin' to 'debug'")
        .contains("[http]");
  }

  @Test
  void runningWaitsForHealthChecksAndKillUsesShutdownEndpointsFirst() throws Exception {
    startService();
    healthStatus = 503;
    startExecutor(settings());
    String lifecycle = ", \"lifecycle\": {\"http\": {\"graceful_shutdown_wait_secs\": 1, \"shutdown_wait_secs\": 1}}"
        + ", \"health_check_config\": {\"initial_interval_secs\": 5, \"interval_secs\": 0.2}";
    // The process notes that SIGTERM reached it, to show the endpoints came first.
    agent.launch("t-4", assigned("t-4", Map.of("health", service.getAddress().getPort()), thermos(
        "[{\"name\": \"server\", \"cmdline\": \"trap 'touch sigterm; exit 0' TERM; while true; do sleep 0.05; done\"}]",
        lifecycle)));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> serviceRequests.stream().filter("GET /health"::equals).count() >= 3);
    assertThat(agent.states()).containsExactly(Protos.TaskState.TASK_STARTING);
    healthStatus = 200;
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.states().contains(Protos.TaskState.TASK_RUNNING));

    long start = System.nanoTime();
    agent.kill("t-4");
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.last().getState()).isEqualTo(Protos.TaskState.TASK_KILLED);
    assertThat(serviceRequests.stream().filter(r -> r.startsWith("POST")).toList())
        .containsExactly("POST /quitquitquit", "POST /abortabortabort");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2000);
    assertThat(runDir.resolve("sandbox/sigterm")).exists();
    assertThat(sigtermBeforeAbort).isFalse();
    assertThat(requestNanos.get("POST /abortabortabort") - requestNanos.get("POST /quitquitquit"))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900).toNanos());
    TaskCheckpoint cp = Checkpoints.read(Checkpoints.file(runDir, "t-4"));
    assertThat(cp.state()).isEqualTo(TaskState.KILLED);
  }

  @Test
  void failingHealthChecksFailTheTask() throws Exception {
    startService();
    healthStatus = 500;
    startExecutor(settings());
    agent.launch("t-5", assigned("t-5", Map.of("health", service.getAddress().getPort()), thermos(
        "[{\"name\": \"server\", \"cmdline\": \"exec sleep 600\"}]",
        ", \"health_check_config\": {\"initial_interval_secs\": 0.5, \"interval_secs\": 0.2,"
            + " \"max_consecutive_failures\": 1}")));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.states()).containsExactly(Protos.TaskState.TASK_STARTING, Protos.TaskState.TASK_FAILED);
    assertThat(agent.last().getMessage()).startsWith("Failed health check!").contains("HTTP 500");
    assertThat(serviceRequests).doesNotContain("POST /quitquitquit");
  }

  @Test
  void shellHealthCheckGatesRunning() throws Exception {
    startExecutor(settings());
    agent.launch("t-6", assigned("t-6", Map.of(), thermos(
        "[{\"name\": \"server\", \"cmdline\": \"sleep 1; touch ready; exec sleep 600\"}]",
        ", \"health_check_config\": {\"initial_interval_secs\": 10, \"interval_secs\": 0.2,"
            + " \"health_checker\": {\"shell\": {\"shell_command\": \"test -e ready\"}}}")));
    await().atMost(Duration.ofSeconds(10)).until(() -> agent.states().contains(Protos.TaskState.TASK_RUNNING));
    assertThat(Files.exists(runDir.resolve("sandbox/ready"))).isTrue();
    agent.kill("t-6");
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.last().getState()).isEqualTo(Protos.TaskState.TASK_KILLED);
  }

  @Test
  void announcesWhileRunningAndWithdrawsOnKill() throws Exception {
    try (org.apache.curator.test.TestingServer zk = new org.apache.curator.test.TestingServer(true);
         org.apache.curator.framework.CuratorFramework reader = org.apache.curator.framework.CuratorFrameworkFactory
             .newClient(zk.getConnectString(), new org.apache.curator.retry.RetryOneTime(100))) {
      reader.start();
      startExecutor(settings().withAnnouncer(zk.getConnectString(), "/aurora"));
      agent.launch("t-9", assigned("t-9", Map.of("http", 31900), thermos(
          "[{\"name\": \"server\", \"cmdline\": \"exec sleep 600\"}]",
          ", \"announce\": {\"primary_port\": \"http\", \"portmap\": {\"alias\": \"http\"}}")));
      String group = "/aurora/www-data/prod/hello";
      await().atMost(Duration.ofSeconds(15)).until(() -> reader.checkExists().forPath(group) != null
          && reader.getChildren().forPath(group).size() == 1);
      String member = reader.getChildren().forPath(group).get(0);
      var json = JSON.readTree(reader.getData().forPath(group + "/" + member));
      assertThat(json.path("serviceEndpoint").path("port").asInt()).isEqualTo(31900);
      assertThat(json.path("serviceEndpoint").path("host").asText()).isEqualTo("agent-under-test");
      assertThat(json.path("shard").asInt()).isEqualTo(1);
      assertThat(json.path("additionalEndpoints").path("alias").path("port").asInt()).isEqualTo(31900);
      assertThat(json.path("additionalEndpoints").path("http").path("port").asInt()).isEqualTo(31900);
      agent.kill("t-9");
      executor.done().get(30, TimeUnit.SECONDS);
      assertThat(reader.getChildren().forPath(group)).isEmpty();
    }
  }

  @Test
  void announcesWithTheAclOfItsZooKeeperAuthConfig(@TempDir Path configDir) throws Exception {
    String identity = io.github.auroradist.mesos.zookeeper.ZooKeeperAuth.digestIdentity("announcer:secret");
    Path authConfig = Files.writeString(configDir.resolve("zk-auth.json"), "{\"auth\": [{\"scheme\": \"digest\","
        + " \"credential\": \"announcer:secret\"}], \"acl\": [{\"scheme\": \"world\", \"credential\": \"anyone\","
        + " \"permissions\": {\"read\": true}}, {\"scheme\": \"digest\", \"credential\": \"" + identity + "\","
        + " \"permissions\": {\"all\": true}}]}");
    ExecutorFlags main = ExecutorFlags.parse("--announcer-zookeeper-auth-config=" + authConfig);
    try (org.apache.curator.test.TestingServer zk = new org.apache.curator.test.TestingServer(true);
         org.apache.curator.framework.CuratorFramework stranger = org.apache.curator.framework.CuratorFrameworkFactory
             .newClient(zk.getConnectString(), new org.apache.curator.retry.RetryOneTime(100));
         org.apache.curator.framework.CuratorFramework owner = org.apache.curator.framework.CuratorFrameworkFactory
             .builder().connectString(zk.getConnectString()).retryPolicy(new org.apache.curator.retry.RetryOneTime(100))
             .authorization("digest", "announcer:secret".getBytes(StandardCharsets.UTF_8)).build()) {
      stranger.start();
      owner.start();
      startExecutor(settings().withAnnouncer(zk.getConnectString(), "/aurora")
          .withAnnouncerAuth(main.settings().announcerAuth()));
      agent.launch("t-10", assigned("t-10", Map.of("http", 31901), thermos(
          "[{\"name\": \"server\", \"cmdline\": \"exec sleep 600\"}]",
          ", \"announce\": {\"primary_port\": \"http\"}")));
      String group = "/aurora/www-data/prod/hello";
      await().atMost(Duration.ofSeconds(15)).until(() -> stranger.checkExists().forPath(group) != null
          && stranger.getChildren().forPath(group).size() == 1);
      String member = group + "/" + stranger.getChildren().forPath(group).get(0);
      assertThat(JSON.readTree(stranger.getData().forPath(member)).path("serviceEndpoint").path("port").asInt())
          .isEqualTo(31901);
      var expected = List.of(new org.apache.zookeeper.data.ACL(org.apache.zookeeper.ZooDefs.Perms.READ,
          new org.apache.zookeeper.data.Id("world", "anyone")), new org.apache.zookeeper.data.ACL(
          org.apache.zookeeper.ZooDefs.Perms.ALL, new org.apache.zookeeper.data.Id("digest", identity)));
      // ZooKeeper shows digest ids only to a client with the rights on the node: the ACL's identity.
      for (String node : List.of(member, group, "/aurora/www-data")) {
        assertThat(owner.getACL().forPath(node)).as(node).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThatThrownBy(() -> stranger.delete().forPath(member))
          .isInstanceOf(org.apache.zookeeper.KeeperException.NoAuthException.class);
      agent.kill("t-10");
      executor.done().get(30, TimeUnit.SECONDS);
      assertThat(stranger.getChildren().forPath(group)).isEmpty();
    }
  }

  @Test
  void runsAsTheRoleUserWhenRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.github.auroradist.executor.runner.UnixUser.runningAsRoot());
    startExecutor(settings().withSetuid(true));
    String json = "{\"role\": \"nobody\", \"task\": {\"name\": \"t\", \"processes\": ["
        + "{\"name\": \"who\", \"cmdline\": \"id -un > whoami; echo {{thermos.user}} >> whoami\"}]}}";
    ObjectNode root = JSON.createObjectNode();
    root.put("taskId", "t-7");
    root.put("role", "nobody");
    root.put("executorData", json);
    agent.launch("t-7", JSON.writeValueAsBytes(root));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.last().getState()).isEqualTo(Protos.TaskState.TASK_FINISHED);
    assertThat(Files.readString(runDir.resolve("sandbox/whoami"))).isEqualTo("nobody\nnobody\n");
  }

  @Test
  void unknownRoleUserFailsClearlyWhenRoot() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.github.auroradist.executor.runner.UnixUser.runningAsRoot());
    startExecutor(settings().withSetuid(true));
    ObjectNode root = JSON.createObjectNode();
    root.put("taskId", "t-8");
    root.put("role", "no-such-user-xyz");
    root.put("executorData", "{\"task\": {\"processes\": [{\"name\": \"p\", \"cmdline\": \"true\"}]}}");
    agent.launch("t-8", JSON.writeValueAsBytes(root));
    executor.done().get(30, TimeUnit.SECONDS);
    assertThat(agent.last().getState()).isEqualTo(Protos.TaskState.TASK_FAILED);
    assertThat(agent.last().getMessage()).contains("'no-such-user-xyz'").contains("--nosetuid");
  }
}
