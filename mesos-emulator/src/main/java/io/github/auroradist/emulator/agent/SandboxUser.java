package io.github.auroradist.emulator.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the agent runs as root and the task's user exists, the sandbox is given to that user and the
 * executor runs as it.
 */
final class SandboxUser {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxUser.class);

  private final AgentConfig config;

  SandboxUser(AgentConfig config) {
    this.config = config;
  }

  /**
   * Hands the sandbox (and its parents below the agent's frameworks directory) to the user and returns
   * the command prefix that runs as it; empty when the executor runs as the agent's own user.
   */
  List<String> prepare(String user, Path sandbox, String agentId) throws IOException {
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
      String gid = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || gid.isEmpty()) {
        throw new IOException("cannot find the group of user " + user + ": " + gid);
      }
      return gid;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
