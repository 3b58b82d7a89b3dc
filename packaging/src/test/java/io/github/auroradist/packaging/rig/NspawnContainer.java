package io.github.auroradist.packaging.rig;

import io.github.auroradist.packaging.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Debian machine booted with systemd-nspawn from a copy of a cached root file system: a real
 * systemd as PID 1, a private network with only loopback. Commands run inside through nsenter, so
 * no D-Bus or machinectl is needed on the host.
 */
public final class NspawnContainer implements AutoCloseable {
  private final Path root;
  private final Process nspawn;
  private final long initPid;

  private NspawnContainer(Path root, Process nspawn, long initPid) {
    this.root = root;
    this.nspawn = nspawn;
    this.initPid = initPid;
  }

  /** Builds (or reuses) the cached root file system with packaging/rig/debian-rootfs.sh. */
  public static Path cachedRootfs(Path repo) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(repo.resolve("packaging/rig/debian-rootfs.sh").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IOException("debian-rootfs.sh failed (exit " + p.exitValue() + ")");
    }
    return Path.of(out);
  }

  public static NspawnContainer boot(Path template, Path workDir, String name)
      throws IOException, InterruptedException {
    Path root = workDir.resolve(name);
    Processes.run(List.of("cp", "-a", "--reflink=auto", template.toString(), root.toString()), Duration.ofMinutes(5));
    // sudo and others look the machine's own name up.
    Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n127.0.1.1 " + name + "\n::1 localhost\n");
    Path log = workDir.resolve(name + ".console.log");
    // --keep-unit and --register=no: the host has no system bus to create a scope or register with.
    Process nspawn = new ProcessBuilder("systemd-nspawn", "--quiet", "--register=no", "--keep-unit",
        "--private-network", "-D", root.toString(), "-M", name, "--boot")
        .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    Optional<Long> pid;
    try {
      // Stops early, with the console log, when systemd-nspawn itself gives up.
      pid = Awaitility.await("the container's systemd").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            if (!nspawn.isAlive()) {
              throw new IOException("systemd-nspawn exited with " + nspawn.exitValue() + ": " + Files.readString(log));
            }
            return findInit(nspawn);
          }, Optional::isPresent);
    } catch (ConditionTimeoutException e) {
      nspawn.destroyForcibly();
      throw new IOException("the container's systemd did not appear within 60 s: " + Files.readString(log), e);
    }
    NspawnContainer container = new NspawnContainer(root, nspawn, pid.get());
    // systemctl cannot connect until PID 1 has set up its private socket; wait for that first.
    Processes.Result running = container.run(Duration.ofSeconds(150),
        "for i in $(seq 300); do test -S /run/systemd/private && break; sleep 0.2; done;"
            + " systemctl is-system-running --wait");
    if (!running.output().contains("running") && !running.output().contains("degraded")) {
      container.close();
      throw new IOException("the container did not finish booting: " + running.output());
    }
    return container;
  }

  /** The container's PID 1 as the host sees it: the child of nspawn whose PID inside is 1. */
  private static Optional<Long> findInit(Process nspawn) {
    return nspawn.toHandle().children()
        .map(ProcessHandle::pid)
        .filter(pid -> {
          try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .anyMatch(line -> line.startsWith("NSpid:") && line.matches("NSpid:\\s+\\d+\\s+1"));
          } catch (IOException gone) {
            return false;
          }
        })
        .findFirst();
  }

  public Path root() {
    return root;
  }

  /** Copies a host file into the container's file system. */
  public void copyIn(Path file, String dir) throws IOException {
    Path target = root.resolve(dir.substring(1));
    Files.createDirectories(target);
    Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  public Processes.Result run(String script) throws IOException, InterruptedException {
    return run(Duration.ofMinutes(3), script);
  }

  /** Runs a shell script inside, as root, with a plain environment. */
  public Processes.Result run(Duration timeout, String script) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Long.toString(initPid),
        "--mount", "--uts", "--ipc", "--net", "--pid", "--root", "--wd",
        "/usr/bin/env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG=C.UTF-8", "HOME=/root", "/bin/sh", "-c", script));
    return Processes.run(argv, timeout);
  }

  /** Runs a script that must succeed; returns its output. */
  public String check(String script) throws IOException, InterruptedException {
    Processes.Result r = run(script);
    if (!r.ok()) {
      throw new AssertionError("'" + script + "' exited with " + r.exitCode() + ":\n" + r.output());
    }
    return r.output();
  }

  /** Shuts the machine down and removes its root; interrupted, it kills the machine and keeps the interrupt. */
  @Override
  public void close() throws IOException {
    try {
      if (nspawn.isAlive()) {
        // SIGTERM asks nspawn to shut the container down cleanly.
        nspawn.destroy();
        if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
          nspawn.destroyForcibly();
          nspawn.waitFor(10, TimeUnit.SECONDS);
        }
      }
      Processes.run(List.of("rm", "-rf", "--one-file-system", root.toString()), Duration.ofMinutes(2));
    } catch (InterruptedException e) {
      nspawn.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the container; its root " + root + " may remain", e);
    }
  }
}
