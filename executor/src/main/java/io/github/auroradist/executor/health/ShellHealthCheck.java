package io.github.auroradist.executor.health;

import io.github.auroradist.executor.runner.Setsid;
import io.github.auroradist.executor.runner.TaskFilesystem;
import io.github.auroradist.executor.runner.UnixUser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs {@code shell_command} with {@code /bin/bash -c} in the sandbox (in the task's image, if any); exit 0 passes. */
public final class ShellHealthCheck implements HealthCheck {
  private final String command;
  private final Path sandbox;
  private final Optional<UnixUser> runAs;
  private final Optional<TaskFilesystem> taskFs;
  private final Duration timeout;

  /** @param taskFs the task's image file system the check runs in; empty to run it on the host */
  public ShellHealthCheck(String command, Path sandbox, Optional<UnixUser> runAs, Optional<TaskFilesystem> taskFs,
      Duration timeout) {
    this.command = command;
    this.sandbox = sandbox;
    this.runAs = runAs;
    this.taskFs = taskFs;
    this.timeout = timeout;
  }

  @Override
  public Result check() {
    List<String> cmd = Setsid.command(runAs, command, taskFs, sandbox);
    Process p;
    try {
      p = new ProcessBuilder(cmd).directory(sandbox.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return Result.failed("cannot run the health check command: " + e.getMessage());
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return Result.failed("'" + command + "' did not finish within " + timeout.toMillis() + " ms");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Result.failed("interrupted");
    }
    int rc = p.exitValue();
    return rc == 0 ? Result.ok() : Result.failed("'" + command + "' exited with " + rc);
  }
}
