package io.github.auroradist.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Docker registry (Debian's {@code docker-registry}, HTTP API v2) on a loopback port, with its storage under
 * a test's directory, and small images built in the test and pushed to it: a busybox-static root file system with an
 * {@code /etc/os-release} of the test's own, laid out as an OCI image with {@code umoci} and pushed with
 * {@code skopeo}. Closing it stops the registry.
 */
public final class LocalRegistry implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  /** The manifests a registry may hold for one image. */
  private static final String MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json,"
      + " application/vnd.oci.image.manifest.v1+json";

  private final Path dir;
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalRegistry(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a registry storing under {@code dir}. The port is a free one; as another process may take it between the
   * look and the bind, the registry answers with a header naming this instance, and a start that reached someone
   * else's server is retried on another port.
   */
  public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      String instance = UUID.randomUUID().toString();
      Path config = dir.resolve("registry.yml");
      Files.writeString(config, """
          version: 0.1
          log:
            level: warn
          storage:
            filesystem:
              rootdirectory: %s
            delete:
              enabled: true
          http:
            addr: 127.0.0.1:%d
            secret: %s
            headers:
              X-Test-Registry: [%s]
          """.formatted(dir.resolve("storage"), port, instance, instance), StandardCharsets.UTF_8);
      Process process = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("registry.log").toFile())).start();
      LocalRegistry registry = new LocalRegistry(dir, process, port);
      try {
        Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
            .until(() -> !process.isAlive() || registry.answersAs(instance));
      } catch (ConditionTimeoutException e) {
        registry.close();
        throw new IOException("docker-registry did not answer on 127.0.0.1:" + port + " within " + START_TIMEOUT
            + "; see " + dir.resolve("registry.log"), e);
      }
      if (process.isAlive()) {
        return registry;
      }
      last = new IOException("docker-registry exited (" + process.exitValue() + ") on port " + port + ": "
          + Files.readString(dir.resolve("registry.log")));
    }
    throw last;
  }

  /** {@code 127.0.0.1:PORT}, as images in this registry are named. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** The registry's URL, as a cluster's {@code docker_registry} names it. */
  public String url() {
    return "http://" + hostPort();
  }

  /**
   * Builds a busybox-static image whose {@code /etc/os-release} is {@code osRelease} and pushes it as
   * {@code name:tag}; returns the digest of its manifest.
   */
  public String pushBusyboxImage(String name, String tag, String osRelease) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory(dir, "image-");
    Path layout = work.resolve("oci");
    Path bundle = work.resolve("bundle");
    List<String> rootless = System.getProperty("user.name").equals("root") ? List.of() : List.of("--rootless");
    run("umoci", "init", "--layout", layout.toString());
    run("umoci", "new", "--image", layout + ":" + tag);
    List<String> unpack = new ArrayList<>(List.of("umoci", "unpack"));
    unpack.addAll(rootless);
    unpack.addAll(List.of("--image", layout + ":" + tag, bundle.toString()));
    run(unpack.toArray(String[]::new));
    Path rootfs = bundle.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("bin"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    for (String applet : List.of("sh", "cat", "echo", "ls", "sleep", "test", "touch", "id")) {
      Files.createSymbolicLink(rootfs.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Files.writeString(rootfs.resolve("etc/os-release"), osRelease, StandardCharsets.UTF_8);
    List<String> repack = new ArrayList<>(List.of("umoci", "repack"));
    repack.addAll(rootless);
    repack.addAll(List.of("--image", layout + ":" + tag, bundle.toString()));
    run(repack.toArray(String[]::new));
    run("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "oci:" + layout + ":" + tag,
        "docker://" + hostPort() + "/" + name + ":" + tag);
    return digest(name, tag).orElseThrow(() -> new IOException(name + ":" + tag + " is not in the registry after"
        + " skopeo pushed it"));
  }

  /** The digest {@code name:tag} points at now, as the registry says; empty when it has no such image. */
  public Optional<String> digest(String name, String tag) throws IOException, InterruptedException {
    HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/" + name + "/manifests/"
        + tag)).method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Accept", MANIFEST_TYPES).build(),
        HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200 ? response.headers().firstValue("Docker-Content-Digest") : Optional.empty();
  }

  private boolean answersAs(String instance) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/v2/")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200
          && response.headers().firstValue("X-Test-Registry").orElse("").equals(instance);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within 2 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + output);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
