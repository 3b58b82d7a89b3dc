package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.awaitility.Awaitility;

/**
 * A Docker v2 registry on loopback for one test class: Debian's {@code docker-registry} ({@code
 * docker-registry serve}) with file system storage in a temporary directory. Images are pushed to it
 * with {@code skopeo} from OCI layouts (see {@link TestImage}).
 */
public final class ImageRegistry implements AutoCloseable {
  /** The response header naming the instance, so a test never takes another's server for its registry. */
  static final String INSTANCE_HEADER = "X-Test-Registry";
  private static final int START_ATTEMPTS = 5;

  private final Process process;
  private final int port;

  private ImageRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts a registry storing under {@code dir} on a free port; returns once it answers {@code /v2/}. Another
   * process may take the port between the look and the registry's bind (another test JVM's registry, say): the
   * registry answers with a header naming this instance, so a start that reached someone else's server is never
   * taken for ours, and is retried on another port.
   */
  public static ImageRegistry start(Path dir) throws IOException {
    return start(dir, Ports::free);
  }

  /** {@link #start(Path)} with the ports to try, in order. */
  static ImageRegistry start(Path dir, IntSupplier ports) throws IOException {
    HostTools.require("docker-registry", "docker-registry");
    HostTools.require("skopeo", "skopeo");
    Files.createDirectories(dir);
    Path log = dir.resolve("registry.log");
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = ports.getAsInt();
      String instance = UUID.randomUUID().toString();
      Path config = dir.resolve("config.yml");
      Files.writeString(config, String.join("\n",
          "version: 0.1",
          "log:",
          "  level: warn",
          "storage:",
          "  filesystem:",
          "    rootdirectory: " + dir.resolve("data"),
          "  delete:",
          "    enabled: true",
          "http:",
          "  addr: 127.0.0.1:" + port,
          "  headers:",
          "    " + INSTANCE_HEADER + ": [" + instance + "]",
          ""));
      Process p = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      ImageRegistry registry = new ImageRegistry(p, port);
      try {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
            .until(() -> !p.isAlive() || registry.answersAs(instance));
      } catch (RuntimeException e) {
        registry.close();
        throw new IllegalStateException("docker-registry did not answer on " + registry.host() + " within 30s; see "
            + log, e);
      }
      if (p.isAlive()) {
        return registry;
      }
      failures.add("port " + port + ": exited with " + p.exitValue());
    }
    throw new IllegalStateException("docker-registry could not start on a free port (" + String.join("; ", failures)
        + "): " + Files.readString(log));
  }

  /** Whether the server on this registry's port is the registry this instance started. */
  private boolean answersAs(String instance) {
    try {
      HttpResponse<Void> response = SchedulerConnection.HTTP.send(HttpRequest.newBuilder(
          URI.create("http://" + host() + "/v2/")).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200
          && instance.equals(response.headers().firstValue(INSTANCE_HEADER).orElse(""));
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code 127.0.0.1:<port>}, the host part of image names in this registry. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /**
   * Pushes the OCI layout's {@code tag} as {@code <host>/<repository>:<repoTag>}; returns the pushed
   * manifest's digest ({@code sha256:...}).
   */
  public String push(Path ociLayout, String tag, String repository, String repoTag) throws IOException {
    String target = "docker://" + host() + "/" + repository + ":" + repoTag;
    HostTools.run(List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + ociLayout + ":" + tag,
        target));
    return HostTools.run(List.of("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}", target)).trim();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
