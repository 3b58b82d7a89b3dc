package io.github.auroradist.executor.runner;

import io.github.auroradist.common.thermos.config.LoggerConfig;
import io.github.auroradist.common.thermos.config.ProcessConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts one run of a process: {@code setsid} (and {@code setpriv} for another user) around
 * {@code bash -c <cmdline>} in the sandbox, with the task's environment, the run's marker and its
 * logs wired up.
 */
final class ProcessLauncher {
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final RunnerSettings settings;

  ProcessLauncher(RunnerSettings settings) {
    this.settings = settings;
  }

  /**
   * A started run; its log pumps start with {@link ProcessLogs#started} once the runner has
   * recorded it.
   *
   * @param forkedAtMs when it was forked, as the checkpoint records it (min_duration counts from here)
   */
  record StartedRun(Process process, ProcessLogs logs, ProcessTree tree, long forkedAtMs) {}

  /** The run could not be forked; a process failure, not the runner's. */
  static final class ForkFailed extends Exception {
    private static final long serialVersionUID = 1L;

    ForkFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * @throws ForkFailed when the command could not be started
   * @throws IOException when the run's log directory cannot be created
   */
  StartedRun start(ProcessConfig process, int run) throws IOException, ForkFailed {
    LoggerConfig logger = process.logger() != null ? process.logger() : settings.defaultLogger();
    ProcessLogs logs = new ProcessLogs(logger, settings.logDir(), process.name(), run);
    ProcessBuilder builder = new ProcessBuilder(settings.command(process.cmdline()))
        .directory(settings.sandbox().toFile());
    environment(builder.environment());
    String marker = UUID.randomUUID().toString();
    builder.environment().put(ProcessTree.MARKER, marker);
    logs.configure(builder);
    Process proc;
    try {
      proc = builder.start();
    } catch (IOException e) {
      throw new ForkFailed(e);
    }
    long forkedAt = System.currentTimeMillis();
    return new StartedRun(proc, logs, new ProcessTree(proc.pid(), marker), forkedAt);
  }

  private void environment(Map<String, String> env) {
    if (!settings.preserveEnv()) {
      Map<String, String> inherited = Map.copyOf(env);
      env.clear();
      env.put("PATH", inherited.getOrDefault("PATH", DEFAULT_PATH));
      for (String keep : List.of("LANG", "LC_ALL", "TZ", "TMPDIR")) {
        if (inherited.containsKey(keep)) {
          env.put(keep, inherited.get(keep));
        }
      }
    }
    if (settings.runAs().isPresent()) {
      UnixUser u = settings.runAs().get();
      env.put("HOME", settings.taskFs().isPresent() ? settings.visiblePath(settings.sandbox()) : u.home());
      env.put("USER", u.name());
      env.put("LOGNAME", u.name());
    } else {
      env.putIfAbsent("HOME", System.getProperty("user.home"));
      env.putIfAbsent("USER", System.getProperty("user.name"));
      env.putIfAbsent("LOGNAME", System.getProperty("user.name"));
    }
    env.putAll(settings.extraEnv());
    Path profile = settings.sandbox().resolve(".thermos_profile");
    if (Files.isRegularFile(profile)) {
      env.put("BASH_ENV", settings.visiblePath(profile));
    } else {
      env.remove("BASH_ENV");
    }
  }
}
