package io.github.auroradist.emulator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.github.auroradist.emulator.http.EventStream;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.emulator.protocol.JsonPost;
import io.github.auroradist.emulator.resources.Attributes;
import io.github.auroradist.emulator.resources.ResourceSet;
import io.github.auroradist.mesos.http.MesosContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent: registers with the leading master, runs executors as real processes in Mesos-style
 * sandboxes, serves them the executor API (through {@link AgentHttpHandler}) and relays status
 * updates and acknowledgements. One lock (this object) guards the state.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final Duration EXECUTOR_HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration COMMAND_KILL_GRACE = Duration.ofSeconds(3);
  private static final Duration SIGTERM_TO_SIGKILL = Duration.ofSeconds(3);

  private final AgentConfig config;
  private final MasterLink link;
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "agent-timers");
    t.setDaemon(true);
    return t;
  });
  /** Keeps updates to the master in order. */
  private final ExecutorService toMaster = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "agent-to-master");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
  private final Map<String, ExecutorRun> executors = new LinkedHashMap<>();
  private final List<ExecutorRun> completedExecutors = new ArrayList<>();
  /** Status updates not yet acknowledged, per framework/task, oldest first. */
  private final Map<String, Deque<TaskStatus>> unacknowledged = new LinkedHashMap<>();
  private final Thread linkThread;
  private volatile boolean closed;
  private int port;
  private String agentId;
  private URI masterUri;
  private long pingIntervalMs = 1000;

  public Agent(AgentConfig config) {
    this.config = config;
    this.link = MasterLink.create(config.master(), (int) config.zkSessionTimeout().toMillis());
    this.linkThread = new Thread(this::masterLoop, "agent-master-link");
    this.linkThread.setDaemon(true);
  }

  /** Starts talking to the master once the HTTP port is bound. */
  public void start(int boundPort) throws IOException {
    this.port = boundPort;
    Files.createDirectories(config.workDir());
    linkThread.start();
    long beat = EXECUTOR_HEARTBEAT.toMillis();
    timers.scheduleWithFixedDelay(this::heartbeatExecutors, beat, beat, TimeUnit.MILLISECONDS);
  }

  public synchronized Optional<String> id() {
    return Optional.ofNullable(agentId);
  }

  public int port() {
    return port;
  }

  public AgentConfig config() {
    return config;
  }

  URI endpoint() {
    return URI.create("http://" + config.advertiseIp() + ":" + port);
  }

  synchronized AgentInfo agentInfo() {
    AgentInfo.Builder b = AgentInfo.newBuilder().setHostname(config.hostname()).setPort(port)
        .addAllResources(config.resources().toProtos(null)).addAllAttributes(config.attributes());
    if (agentId != null) {
      b.setId(AgentID.newBuilder().setValue(agentId));
    }
    return b.build();
  }

  // ---------------------------------------------------------------- master link

  private void masterLoop() {
    while (!closed) {
      try {
        Optional<URI> leader = link.leader();
        URI registeredWith;
        synchronized (this) {
          registeredWith = masterUri;
        }
        if (leader.isEmpty()) {
          markUnregistered();
        } else if (registeredWith == null || !registeredWith.equals(leader.get())) {
          register(leader.get());
        } else {
          ping(leader.get());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        LOG.debug("master link: {}", e.toString());
        markUnregistered();
      }
      long sleep;
      synchronized (this) {
        sleep = masterUri == null ? 500 : pingIntervalMs;
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void markUnregistered() {
    masterUri = null;
  }

  private void register(URI master) throws IOException, InterruptedException {
    ObjectNode body = registration();
    JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.REGISTER, body);
    if (reply.status() == 410) {
      LOG.warn("the master removed this agent ({}); shutting down its executors and registering anew",
          reply.body());
      forgetIdentity();
      reply = JsonPost.post(master, AgentProtocol.REGISTER, registration());
    }
    if (!reply.ok()) {
      LOG.info("master {} refused registration: {} {}", master, reply.status(), reply.body());
      return;
    }
    JsonNode json = reply.json();
    List<Map.Entry<String, TaskStatus>> resend = new ArrayList<>();
    synchronized (this) {
      agentId = json.path("agent_id").asText();
      masterUri = master;
      pingIntervalMs = Math.max(50, json.path("ping_interval_ms").asLong(1000));
      unacknowledged.forEach((key, queue) -> {
        String fw = key.substring(0, key.indexOf('/'));
        queue.forEach(s -> resend.add(Map.entry(fw, s)));
      });
    }
    LOG.info("registered with master {} as agent {}", master, json.path("agent_id").asText());
    for (Map.Entry<String, TaskStatus> e : resend) {
      sendToMaster(e.getKey(), e.getValue());
    }
  }

  private synchronized ObjectNode registration() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("agent_info", ProtoJson.tree(agentInfo()));
    body.put("endpoint", endpoint().toString());
    ArrayNode fws = body.putArray("frameworks");
    ArrayNode execs = body.putArray("executors");
    ArrayNode tasks = body.putArray("tasks");
    for (ExecutorRun run : executors.values()) {
      if (run.state == ExecutorRun.State.TERMINATED) {
        continue;
      }
      if (!run.commandTask) {
        execs.add(ProtoJson.tree(run.info));
      }
      List<TaskInfo> all = new ArrayList<>(run.queued.values());
      all.addAll(run.launched.values());
      for (TaskInfo task : all) {
        ObjectNode t = tasks.addObject();
        t.put("framework_id", run.frameworkId.getValue());
        t.set("task", ProtoJson.tree(task));
        t.put("state", run.states.getOrDefault(task.getTaskId().getValue(), TaskState.TASK_STAGING).name());
      }
    }
    frameworks.values().forEach(fi -> fws.add(ProtoJson.tree(fi)));
    return body;
  }

  /** The master removed this agent: like Mesos, kill everything and come back as a new agent. */
  private void forgetIdentity() {
    List<ExecutorRun> runs;
    synchronized (this) {
      runs = new ArrayList<>(executors.values());
      runs.forEach(r -> r.frameworkGone = true);
      unacknowledged.clear();
      agentId = null;
      masterUri = null;
    }
    runs.forEach(this::shutdownExecutor);
  }

  private void ping(URI master) throws IOException, InterruptedException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    synchronized (this) {
      body.put("agent_id", agentId);
    }
    JsonPost.Reply reply = JsonPost.post(master, AgentProtocol.PING, body);
    if (reply.status() == 404) {
      LOG.info("master {} does not know this agent (it failed over?); re-registering", master);
      markUnregistered();
    } else if (reply.status() == 410) {
      forgetIdentity();
    } else if (!reply.ok()) {
      markUnregistered();
    }
  }

  private void sendToMaster(String frameworkId, TaskStatus status) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("framework_id", frameworkId);
    body.set("status", ProtoJson.tree(status));
    postToMaster(AgentProtocol.STATUS, body);
  }

  private void postToMaster(String path, ObjectNode body) {
    URI master;
    synchronized (this) {
      master = masterUri;
      body.put("agent_id", agentId);
    }
    if (master == null) {
      return; // status updates go again after registration; other messages are best effort
    }
    try {
      toMaster.execute(() -> {
        try {
          JsonPost.Reply reply = JsonPost.post(master, path, body);
          if (!reply.ok()) {
            LOG.warn("master answered {} with {}: {}", path, reply.status(), reply.body());
          }
        } catch (Exception e) {
          LOG.warn("cannot reach master {} for {}: {}", master, path, e.toString());
          markUnregistered();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("agent closed; dropping {}", path);
    }
  }

  // ---------------------------------------------------------------- launching

  /** RUN from the master: start (or reuse) the task's executor and hand it the task. */
  public void run(FrameworkInfo framework, TaskInfo task) {
    ExecutorRun toStart = null;
    synchronized (this) {
      if (agentId == null) {
        throw new IllegalStateException("agent is not registered");
      }
      frameworks.put(framework.getId().getValue(), framework);
      String taskId = task.getTaskId().getValue();
      if (task.hasExecutor()) {
        String key = key(framework.getId().getValue(), task.getExecutor().getExecutorId().getValue());
        ExecutorRun run = executors.get(key);
        if (run == null || run.state == ExecutorRun.State.TERMINATING || run.state == ExecutorRun.State.TERMINATED) {
          run = newRun(framework.getId(), task.getExecutor(), false);
          executors.put(key, run);
          toStart = run;
        }
        run.states.put(taskId, TaskState.TASK_STAGING);
        if (run.stream != null) {
          run.launched.put(taskId, task);
          run.stream.send(run.streamType.encode(Event.newBuilder().setType(Event.Type.LAUNCH)
              .setLaunch(Event.Launch.newBuilder().setTask(task)).build()));
        } else {
          run.queued.put(taskId, task);
        }
      } else {
        // No executor: the agent plays Mesos's command executor for this task.
        ExecutorInfo info = ExecutorInfo.newBuilder()
            .setExecutorId(ExecutorID.newBuilder().setValue(taskId))
            .setFrameworkId(framework.getId()).setName("Command Executor (Task: " + taskId + ")")
            .setCommand(task.getCommand()).build();
        ExecutorRun run = newRun(framework.getId(), info, true);
        executors.put(key(framework.getId().getValue(), taskId), run);
        run.launched.put(taskId, task);
        run.states.put(taskId, TaskState.TASK_STAGING);
        toStart = run;
      }
    }
    if (toStart != null) {
      startProcess(toStart, framework, task);
    }
  }

  private ExecutorRun newRun(FrameworkID fw, ExecutorInfo info, boolean commandTask) {
    String containerId = UUID.randomUUID().toString();
    Path runs = config.workDir().resolve("slaves").resolve(agentId).resolve("frameworks").resolve(fw.getValue())
        .resolve("executors").resolve(info.getExecutorId().getValue()).resolve("runs");
    return new ExecutorRun(fw, info, containerId, runs.resolve(containerId), commandTask);
  }

  private void startProcess(ExecutorRun run, FrameworkInfo framework, TaskInfo task) {
    CommandInfo command = run.info.getCommand();
    String user = command.hasUser() ? command.getUser() : framework.getUser();
    try {
      Files.createDirectories(run.directory);
      Path latest = run.directory.getParent().resolve("latest");
      Path tmpLink = run.directory.getParent().resolve(".latest-" + run.containerId);
      Files.createSymbolicLink(tmpLink, run.directory.getFileName());
      Files.move(tmpLink, latest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Path stdout = Files.createFile(run.directory.resolve("stdout"));
      Path stderr = Files.createFile(run.directory.resolve("stderr"));
      fetch(command, run.directory);
      List<String> argv = new ArrayList<>();
      argv.add("setsid");
      List<String> asUser = switchUser(user, run.directory);
      argv.addAll(asUser);
      if (!command.hasShell() || command.getShell()) {
        argv.add("/bin/sh");
        argv.add("-c");
        argv.add(command.getValue());
      } else {
        argv.add(command.getValue());
        if (command.getArgumentsCount() > 1) {
          argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
        }
      }
      ProcessBuilder pb = new ProcessBuilder(argv).directory(run.directory.toFile())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      environment(pb.environment(), run, user);
      for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
        if (v.getType() != Environment.Variable.Type.SECRET) {
          pb.environment().put(v.getName(), v.getValue());
        }
      }
      Process process = pb.start();
      LOG.info("started {} {} of framework {} as pid {} in {}", run.commandTask ? "command task" : "executor",
          run.executorId(), run.frameworkId.getValue(), process.pid(), run.directory);
      synchronized (this) {
        run.process = process;
        if (run.state == ExecutorRun.State.TERMINATING) {
          timers.execute(() -> shutdownExecutor(run));
        }
        if (run.commandTask) {
          run.state = ExecutorRun.State.RUNNING;
        } else {
          long timeout = config.executorRegistrationTimeout().toMillis();
          run.registrationTimer = timers.schedule(() -> registrationTimeout(run), timeout, TimeUnit.MILLISECONDS);
        }
      }
      process.onExit().thenAccept(p -> processExited(run, p.exitValue()));
      if (run.commandTask) {
        agentUpdate(run, task.getTaskId(), TaskState.TASK_RUNNING, null, "Command started");
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot launch executor {} of framework {}: {}", run.executorId(), run.frameworkId.getValue(),
          e.toString());
      failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED,
          "Failed to launch container: " + e.getMessage());
      synchronized (this) {
        run.state = ExecutorRun.State.TERMINATED;
        retire(run);
      }
      if (!run.commandTask) { // the master gives the executor's resources back
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("framework_id", run.frameworkId.getValue());
        body.put("executor_id", run.executorId());
        body.put("status", 1 << 8);
        postToMaster(AgentProtocol.EXECUTOR_EXITED, body);
      }
    }
  }

  private void environment(Map<String, String> env, ExecutorRun run, String user) {
    String sandbox = run.directory.toString();
    env.put("MESOS_FRAMEWORK_ID", run.frameworkId.getValue());
    env.put("MESOS_EXECUTOR_ID", run.executorId());
    env.put("MESOS_SLAVE_ID", agentId);
    env.put("MESOS_AGENT_ID", agentId);
    env.put("MESOS_DIRECTORY", sandbox);
    env.put("MESOS_SANDBOX", sandbox);
    env.put("MESOS_AGENT_ENDPOINT", config.advertiseIp() + ":" + port);
    env.put("MESOS_CHECKPOINT", frameworks.getOrDefault(run.frameworkId.getValue(),
        FrameworkInfo.getDefaultInstance()).getCheckpoint() ? "1" : "0");
    env.put("MESOS_RECOVERY_TIMEOUT", mesosDuration(config.recoveryTimeout()));
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", mesosDuration(config.executorShutdownGracePeriod()));
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    env.put("MESOS_CONTAINER_ID", run.containerId);
    if (user != null && !user.isEmpty()) {
      env.put("MESOS_USER", user);
    }
  }

  static String mesosDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms > 0) {
      return (ms / 3_600_000) + "hrs";
    }
    if (ms % 60_000 == 0 && ms > 0) {
      return (ms / 60_000) + "mins";
    }
    if (ms % 1000 == 0) {
      return (ms / 1000) + "secs";
    }
    return ms + "ms";
  }

  /** When the agent is root and the user exists, run as that user (and give it the sandbox). */
  private List<String> switchUser(String user, Path sandbox) throws IOException {
    if (!config.switchUser() || user == null || user.isEmpty() || !"root".equals(System.getProperty("user.name"))
        || "root".equals(user)) {
      return List.of();
    }
    UserPrincipal principal;
    try {
      principal = sandbox.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
    } catch (IOException e) {
      LOG.warn("user {} does not exist on this agent; running the executor as root", user);
      return List.of();
    }
    Path top = config.workDir().resolve("slaves").resolve(agentId).resolve("frameworks");
    for (Path p = sandbox; p != null && p.startsWith(top) && !p.equals(top); p = p.getParent()) {
      Files.setOwner(p, principal);
    }
    try (Stream<Path> files = Files.list(sandbox)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.setOwner(p, principal);
      }
    }
    return List.of("setpriv", "--reuid=" + user, "--regid=" + primaryGroup(user), "--init-groups", "--");
  }

  private static String primaryGroup(String user) throws IOException {
    Process p = new ProcessBuilder("id", "-g", user).redirectErrorStream(true).start();
    try (InputStream in = p.getInputStream()) {
      String gid = new String(in.readAllBytes()).trim();
      if (p.waitFor() != 0 || gid.isEmpty()) {
        throw new IOException("cannot find the group of user " + user + ": " + gid);
      }
      return gid;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A small Mesos fetcher: copies or downloads CommandInfo.uris into the sandbox. */
  private void fetch(CommandInfo command, Path sandbox) throws IOException {
    for (CommandInfo.URI uri : command.getUrisList()) {
      String value = uri.getValue();
      String name = uri.hasOutputFile() ? uri.getOutputFile() : value.substring(value.lastIndexOf('/') + 1);
      Path target = sandbox.resolve(name);
      if (value.startsWith("http://") || value.startsWith("https://")) {
        try {
          HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(value)).build(),
              HttpResponse.BodyHandlers.ofFile(target));
          if (response.statusCode() != 200) {
            throw new IOException("fetching " + value + " returned HTTP " + response.statusCode());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while fetching " + value, e);
        }
      } else {
        Path source = Path.of(value.startsWith("file://") ? URI.create(value).getPath() : value);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (uri.getExecutable()) {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else if ((!uri.hasExtract() || uri.getExtract()) && isArchive(name)) {
        List<String> cmd = name.endsWith(".zip") ? List.of("unzip", "-o", "-q", name) : List.of("tar", "-xf", name);
        try {
          Process p = new ProcessBuilder(cmd).directory(sandbox.toFile()).redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
          if (p.waitFor() != 0) {
            throw new IOException("cannot extract " + name + " with " + String.join(" ", cmd));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while extracting " + name, e);
        }
      }
    }
  }

  private static boolean isArchive(String name) {
    return Stream.of(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip").anyMatch(name::endsWith);
  }

  // ---------------------------------------------------------------- executor API

  /** Why an executor call was refused: an HTTP status and message. */
  record Refusal(int status, String message) {}

  synchronized Refusal checkExecutor(String frameworkId, String executorId, boolean subscribing) {
    if (!frameworks.containsKey(frameworkId)) {
      return new Refusal(400, "Framework cannot be found");
    }
    ExecutorRun run = executors.get(key(frameworkId, executorId));
    if (run == null || run.commandTask) {
      return new Refusal(400, "Executor cannot be found");
    }
    if (run.state == ExecutorRun.State.TERMINATED) {
      return new Refusal(403, "Executor has terminated");
    }
    if (!subscribing && run.stream == null) {
      return new Refusal(403, "Executor is not subscribed");
    }
    return null;
  }

  /** SUBSCRIBE from an executor: send SUBSCRIBED, then its queued tasks. */
  synchronized void subscribe(String frameworkId, String executorId, EventStream stream, MesosContentType type,
      org.apache.mesos.v1.executor.Protos.Call.Subscribe subscribe) {
    ExecutorRun run = executors.get(key(frameworkId, executorId));
    if (run.stream != null) {
      EventStream old = run.stream;
      run.stream = null;
      old.close();
    }
    run.stream = stream;
    run.streamType = type;
    if (run.registrationTimer != null) {
      run.registrationTimer.cancel(false);
    }
    if (run.state == ExecutorRun.State.LAUNCHING) {
      run.state = ExecutorRun.State.RUNNING;
    }
    stream.onClose(() -> executorDisconnected(run, stream));
    stream.send(type.encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
        .setSubscribed(Event.Subscribed.newBuilder()
            .setExecutorInfo(run.info)
            .setFrameworkInfo(frameworks.get(frameworkId))
            .setAgentInfo(agentInfo())
            .setContainerId(ContainerID.newBuilder().setValue(run.containerId)))
        .build()));
    LOG.info("executor {} of framework {} subscribed", executorId, frameworkId);
    for (org.apache.mesos.v1.executor.Protos.Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      TaskStatus status = update.getStatus();
      Deque<TaskStatus> queue = unacknowledged.get(key(frameworkId, status.getTaskId().getValue()));
      boolean known = queue != null && queue.stream().anyMatch(s -> s.getUuid().equals(status.getUuid()));
      if (!known && run.holds(status.getTaskId().getValue())) {
        acceptUpdate(run, status);
      }
    }
    for (TaskInfo task : run.queued.values()) {
      run.launched.put(task.getTaskId().getValue(), task);
      stream.send(type.encode(Event.newBuilder().setType(Event.Type.LAUNCH)
          .setLaunch(Event.Launch.newBuilder().setTask(task)).build()));
    }
    run.queued.clear();
    if (run.state == ExecutorRun.State.TERMINATING) {
      stream.send(type.encode(Event.newBuilder().setType(Event.Type.SHUTDOWN).build()));
    }
  }

  private synchronized void executorDisconnected(ExecutorRun run, EventStream stream) {
    if (run.stream == stream) {
      run.stream = null;
      LOG.info("executor {} of framework {} disconnected", run.executorId(), run.frameworkId.getValue());
    }
  }

  /** UPDATE from an executor; returns a refusal message or null. */
  synchronized String executorUpdate(String frameworkId, String executorId, TaskStatus status) {
    ExecutorRun run = executors.get(key(frameworkId, executorId));
    if (!status.hasUuid()) {
      return "Expecting 'uuid' to be present";
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      return "Executor is not allowed to send TASK_STAGING status update";
    }
    if (!run.holds(status.getTaskId().getValue())) {
      return "Task " + status.getTaskId().getValue() + " is not known to executor " + executorId;
    }
    acceptUpdate(run, status);
    return null;
  }

  private void acceptUpdate(ExecutorRun run, TaskStatus status) {
    TaskStatus filled = status.toBuilder()
        .setAgentId(AgentID.newBuilder().setValue(agentId))
        .setExecutorId(run.info.getExecutorId())
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setTimestamp(status.hasTimestamp() ? status.getTimestamp() : System.currentTimeMillis() / 1000.0)
        .build();
    record(run, filled);
  }

  synchronized void executorMessage(String frameworkId, String executorId, byte[] data) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("framework_id", frameworkId);
    body.put("executor_id", executorId);
    body.put("data", Base64.getEncoder().encodeToString(data));
    postToMaster(AgentProtocol.EXECUTOR_MESSAGE, body);
  }

  /** Records a status update of a task and sends it on to the master (retried via re-registration). */
  private void record(ExecutorRun run, TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    run.states.put(taskId, status.getState());
    if (isTerminal(status.getState())) {
      TaskInfo task = run.launched.remove(taskId);
      if (task == null) {
        task = run.queued.remove(taskId);
      }
      if (task != null) {
        run.completed.put(taskId, task);
      }
    }
    if (run.frameworkGone) {
      return;
    }
    unacknowledged.computeIfAbsent(key(run.frameworkId.getValue(), taskId), k -> new ArrayDeque<>()).addLast(status);
    sendToMaster(run.frameworkId.getValue(), status);
  }

  /** A status update the agent itself generates (launch failures, executor exits, command tasks). */
  private synchronized void agentUpdate(ExecutorRun run, TaskID taskId, TaskState state, TaskStatus.Reason reason,
      String message) {
    TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
        .setAgentId(AgentID.newBuilder().setValue(agentId)).setExecutorId(run.info.getExecutorId())
        .setSource(run.commandTask ? TaskStatus.Source.SOURCE_EXECUTOR : TaskStatus.Source.SOURCE_AGENT)
        .setMessage(message).setTimestamp(System.currentTimeMillis() / 1000.0)
        .setUuid(uuidBytes()).setContainerStatus(org.apache.mesos.v1.Protos.ContainerStatus.newBuilder()
            .setContainerId(ContainerID.newBuilder().setValue(run.containerId)));
    if (reason != null) {
      status.setReason(reason);
    }
    record(run, status.build());
  }

  private static ByteString uuidBytes() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits());
    b.putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(b.array());
  }

  private void failAll(ExecutorRun run, TaskState state, TaskStatus.Reason reason, String message) {
    List<TaskID> open = new ArrayList<>();
    synchronized (this) {
      for (String id : run.queued.keySet()) {
        open.add(TaskID.newBuilder().setValue(id).build());
      }
      for (String id : run.launched.keySet()) {
        open.add(TaskID.newBuilder().setValue(id).build());
      }
    }
    for (TaskID id : open) {
      agentUpdate(run, id, state, reason, message);
    }
  }

  // ---------------------------------------------------------------- acknowledgements, kills, shutdown

  /** ACKNOWLEDGE relayed by the master: drop the update and tell the executor. */
  public synchronized void acknowledge(String frameworkId, String taskId, ByteString uuid) {
    Deque<TaskStatus> queue = unacknowledged.get(key(frameworkId, taskId));
    if (queue == null || !queue.removeIf(s -> s.getUuid().equals(uuid))) {
      return;
    }
    if (queue.isEmpty()) {
      unacknowledged.remove(key(frameworkId, taskId));
    }
    for (ExecutorRun run : executors.values()) {
      if (run.frameworkId.getValue().equals(frameworkId) && !run.commandTask && run.stream != null
          && (run.holds(taskId) || run.completed.containsKey(taskId))) {
        run.stream.send(run.streamType.encode(Event.newBuilder().setType(Event.Type.ACKNOWLEDGED)
            .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                .setUuid(uuid)).build()));
      }
    }
  }

  public void kill(String frameworkId, String taskId, KillPolicy policy) {
    ExecutorRun target = null;
    boolean queued = false;
    synchronized (this) {
      for (ExecutorRun run : executors.values()) {
        if (run.frameworkId.getValue().equals(frameworkId) && run.holds(taskId)
            && run.state != ExecutorRun.State.TERMINATED) {
          target = run;
          queued = run.queued.containsKey(taskId);
          break;
        }
      }
      if (target == null) {
        LOG.info("kill of task {} of framework {}: no such live task here", taskId, frameworkId);
        return;
      }
      if (!target.commandTask && !queued) {
        Event.Kill.Builder kill = Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (policy != null) {
          kill.setKillPolicy(policy);
        } else if (target.launched.get(taskId).hasKillPolicy()) {
          kill.setKillPolicy(target.launched.get(taskId).getKillPolicy());
        }
        if (target.stream == null) {
          LOG.warn("kill of task {}: executor {} is not connected; the kill is dropped", taskId,
              target.executorId());
          return;
        }
        target.stream.send(target.streamType.encode(Event.newBuilder().setType(Event.Type.KILL)
            .setKill(kill).build()));
        return;
      }
    }
    if (queued) {
      agentUpdate(target, TaskID.newBuilder().setValue(taskId).build(), TaskState.TASK_KILLED,
          TaskStatus.Reason.REASON_TASK_KILLED_DURING_LAUNCH, "Killed before delivery to the executor");
      boolean empty;
      synchronized (this) {
        empty = target.queued.isEmpty() && target.launched.isEmpty();
      }
      if (empty) {
        shutdownExecutor(target);
      }
      return;
    }
    // A command task: SIGTERM its tree, SIGKILL after the grace period.
    Duration grace = COMMAND_KILL_GRACE;
    TaskInfo task;
    synchronized (this) {
      task = target.launched.get(taskId);
      target.killRequested = true;
    }
    KillPolicy effective = policy != null ? policy : task != null && task.hasKillPolicy() ? task.getKillPolicy() : null;
    if (effective != null && effective.hasGracePeriod()) {
      grace = Duration.ofNanos(effective.getGracePeriod().getNanoseconds());
    }
    boolean killingState;
    synchronized (this) {
      killingState = frameworks.getOrDefault(frameworkId, FrameworkInfo.getDefaultInstance()).getCapabilitiesList()
          .stream().anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.TASK_KILLING_STATE);
    }
    if (killingState) { // like Mesos's command executor, only for frameworks that asked for it
      agentUpdate(target, TaskID.newBuilder().setValue(taskId).build(), TaskState.TASK_KILLING, null,
          "Killing the command");
    }
    terminateThenKill(target, Duration.ZERO, grace);
  }

  /** The executor is told to shut down; after the grace period its tree gets SIGTERM, then SIGKILL. */
  void shutdownExecutor(ExecutorRun run) {
    Duration grace = config.executorShutdownGracePeriod();
    synchronized (this) {
      if (run.state == ExecutorRun.State.TERMINATED) {
        return;
      }
      run.state = ExecutorRun.State.TERMINATING;
      if (run.process == null) {
        return; // still launching; startProcess shuts it down once it has a process
      }
      if (run.stream != null && !run.commandTask) {
        run.stream.send(run.streamType.encode(Event.newBuilder().setType(Event.Type.SHUTDOWN).build()));
      } else {
        grace = Duration.ZERO;
      }
    }
    Duration kill = grace.isZero() ? config.executorShutdownGracePeriod()
        : grace.compareTo(SIGTERM_TO_SIGKILL) < 0 ? grace : SIGTERM_TO_SIGKILL;
    terminateThenKill(run, grace, kill);
  }

  private void terminateThenKill(ExecutorRun run, Duration termAfter, Duration killAfterTerm) {
    Process process;
    synchronized (this) {
      process = run.process;
    }
    if (process == null) {
      return;
    }
    ProcessHandle handle = process.toHandle();
    timers.schedule(() -> {
      if (handle.isAlive()) {
        LOG.info("sending SIGTERM to the process tree of executor {} (pid {})", run.executorId(), handle.pid());
        ProcessTree.terminate(handle);
        timers.schedule(() -> {
          if (handle.isAlive() || handle.descendants().findAny().isPresent()) {
            LOG.info("sending SIGKILL to the process tree of executor {} (pid {})", run.executorId(), handle.pid());
            ProcessTree.kill(handle);
          }
        }, killAfterTerm.toMillis(), TimeUnit.MILLISECONDS);
      }
    }, termAfter.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void shutdownFramework(String frameworkId) {
    List<ExecutorRun> runs = new ArrayList<>();
    synchronized (this) {
      for (ExecutorRun run : executors.values()) {
        if (run.frameworkId.getValue().equals(frameworkId)) {
          run.frameworkGone = true;
          runs.add(run);
        }
      }
      unacknowledged.keySet().removeIf(k -> k.startsWith(frameworkId + "/"));
    }
    LOG.info("shutting down framework {} ({} executors)", frameworkId, runs.size());
    runs.forEach(this::shutdownExecutor);
  }

  public void shutdownExecutor(String frameworkId, String executorId) {
    ExecutorRun run;
    synchronized (this) {
      run = executors.get(key(frameworkId, executorId));
    }
    if (run != null) {
      shutdownExecutor(run);
    }
  }

  public synchronized void frameworkMessage(String frameworkId, String executorId, byte[] data) {
    ExecutorRun run = executors.get(key(frameworkId, executorId));
    if (run != null && run.stream != null) {
      run.stream.send(run.streamType.encode(Event.newBuilder().setType(Event.Type.MESSAGE)
          .setMessage(Event.Message.newBuilder().setData(ByteString.copyFrom(data))).build()));
    }
  }

  private void registrationTimeout(ExecutorRun run) {
    synchronized (this) {
      if (run.stream != null || run.state != ExecutorRun.State.LAUNCHING) {
        return;
      }
      run.registrationTimedOut = true;
      run.state = ExecutorRun.State.TERMINATING;
    }
    LOG.warn("executor {} of framework {} did not subscribe within {}; killing it", run.executorId(),
        run.frameworkId.getValue(), config.executorRegistrationTimeout());
    terminateThenKill(run, Duration.ZERO, SIGTERM_TO_SIGKILL);
  }

  private void processExited(ExecutorRun run, int exitValue) {
    boolean notify;
    synchronized (this) {
      run.exitStatus = exitValue;
      if (run.registrationTimer != null) {
        run.registrationTimer.cancel(false);
      }
      notify = !run.frameworkGone;
    }
    LOG.info("{} {} of framework {} exited with {}", run.commandTask ? "command task" : "executor",
        run.executorId(), run.frameworkId.getValue(), exitValue);
    if (run.commandTask) {
      TaskState state;
      String message;
      if (run.killRequested) {
        state = TaskState.TASK_KILLED;
        message = "Command terminated by a kill";
      } else if (exitValue == 0) {
        state = TaskState.TASK_FINISHED;
        message = "Command exited with status 0";
      } else {
        state = TaskState.TASK_FAILED;
        message = "Command exited with status " + exitValue;
      }
      failAll(run, state, exitValue == 0 || run.killRequested ? null : TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED,
          message);
    } else if (run.registrationTimedOut) {
      failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_REGISTRATION_TIMEOUT,
          "Executor did not subscribe within " + mesosDuration(config.executorRegistrationTimeout()));
    } else {
      failAll(run, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
          "Executor terminated with status " + exitValue + " without a terminal update for the task");
    }
    EventStream stream;
    synchronized (this) {
      run.state = ExecutorRun.State.TERMINATED;
      stream = run.stream;
      run.stream = null;
      retire(run);
    }
    if (stream != null) {
      stream.close();
    }
    if (notify) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("framework_id", run.frameworkId.getValue());
      body.put("executor_id", run.executorId());
      body.put("status", exitValue > 128 ? exitValue - 128 : exitValue << 8); // a wait(2) status
      postToMaster(AgentProtocol.EXECUTOR_EXITED, body);
    }
  }

  private void retire(ExecutorRun run) {
    String k = key(run.frameworkId.getValue(), run.executorId());
    if (executors.get(k) == run) {
      executors.remove(k);
    }
    completedExecutors.add(run);
    if (completedExecutors.size() > 200) {
      completedExecutors.remove(0);
    }
  }

  private synchronized void heartbeatExecutors() {
    for (ExecutorRun run : executors.values()) {
      if (run.stream != null) {
        run.stream.send(run.streamType.encode(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
      }
    }
  }

  // ---------------------------------------------------------------- /state

  /** JSON close to Mesos's agent /state. */
  public synchronized ObjectNode state() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("version", AgentProtocol.MESOS_VERSION);
    root.put("id", agentId == null ? "" : agentId);
    root.put("pid", "slave(1)@" + config.advertiseIp() + ":" + port);
    root.put("hostname", config.hostname());
    root.set("resources", config.resources().toJson());
    root.set("attributes", Attributes.toJson(config.attributes()));
    root.put("master_hostname", masterUri == null ? "" : masterUri.getHost());
    ObjectNode flags = root.putObject("flags");
    flags.put("work_dir", config.workDir().toString());
    flags.put("port", String.valueOf(port));
    flags.put("master", config.master());
    flags.put("hostname", config.hostname());
    flags.put("executor_shutdown_grace_period", mesosDuration(config.executorShutdownGracePeriod()));
    ArrayNode fws = root.putArray("frameworks");
    for (FrameworkInfo fi : frameworks.values()) {
      ObjectNode f = fws.addObject();
      f.put("id", fi.getId().getValue());
      f.put("name", fi.getName());
      f.put("user", fi.getUser());
      ArrayNode execs = f.putArray("executors");
      ArrayNode done = f.putArray("completed_executors");
      for (ExecutorRun run : executors.values()) {
        if (run.frameworkId.equals(fi.getId())) {
          execs.add(executorJson(run));
        }
      }
      for (ExecutorRun run : completedExecutors) {
        if (run.frameworkId.equals(fi.getId())) {
          done.add(executorJson(run));
        }
      }
    }
    root.putArray("completed_frameworks");
    return root;
  }

  private ObjectNode executorJson(ExecutorRun run) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", run.executorId());
    e.put("name", run.info.getName());
    e.put("source", run.info.getSource());
    e.put("container", run.containerId);
    e.put("directory", run.directory.toString());
    e.put("state", run.state.name());
    e.put("pid", run.process == null ? 0 : run.process.pid());
    e.set("resources", ResourceSet.of(run.info.getResourcesList()).toJson());
    e.set("tasks", tasksJson(run, run.launched));
    e.set("queued_tasks", tasksJson(run, run.queued));
    e.set("completed_tasks", tasksJson(run, run.completed));
    return e;
  }

  private ArrayNode tasksJson(ExecutorRun run, Map<String, TaskInfo> tasks) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (TaskInfo task : tasks.values()) {
      ObjectNode t = list.addObject();
      t.put("id", task.getTaskId().getValue());
      t.put("name", task.getName());
      t.put("framework_id", run.frameworkId.getValue());
      t.put("executor_id", run.executorId());
      t.put("slave_id", agentId);
      t.put("state", run.states.getOrDefault(task.getTaskId().getValue(), TaskState.TASK_STAGING).name());
      t.set("resources", ResourceSet.of(task.getResourcesList()).toJson());
    }
    return list;
  }

  // ---------------------------------------------------------------- helpers

  private static String key(String frameworkId, String id) {
    return frameworkId + "/" + id;
  }

  static boolean isTerminal(TaskState state) {
    return switch (state) {
      case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_LOST, TASK_ERROR, TASK_DROPPED, TASK_GONE,
          TASK_GONE_BY_OPERATOR -> true;
      default -> false;
    };
  }

  /** Stops the agent; with killExecutors its executors' process trees are killed at once. */
  public void close(boolean killExecutors) {
    closed = true;
    linkThread.interrupt();
    List<ExecutorRun> runs;
    List<EventStream> streams = new ArrayList<>();
    synchronized (this) {
      runs = new ArrayList<>(executors.values());
      for (ExecutorRun run : runs) {
        run.frameworkGone = true;
        if (run.stream != null) {
          streams.add(run.stream);
        }
      }
    }
    streams.forEach(EventStream::close);
    if (killExecutors) {
      for (ExecutorRun run : runs) {
        Process p = run.process;
        if (p != null) {
          ProcessTree.kill(p.toHandle());
        }
      }
    }
    timers.shutdownNow();
    toMaster.shutdownNow();
    link.close();
  }

  @Override
  public void close() {
    close(true);
  }
}
