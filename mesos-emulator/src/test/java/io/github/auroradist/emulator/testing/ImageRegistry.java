package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A Docker v2 registry on loopback for one test class: Debian's {@code docker-registry} ({@code
 * docker-registry serve}) with file system storage in a temporary directory. Images are pushed to it
 * with {@code skopeo} from OCI layouts (see {@link TestImage}).
 */
public final class ImageRegistry implements AutoCloseable {
  private final Process process;
  private final int port;

  private ImageRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a registry storing under {@code dir}; returns once it answers {@code /v2/}. */
  public static ImageRegistry start(Path dir) throws IOException {
    HostTools.require("docker-registry", "docker-registry");
    HostTools.require("skopeo", "skopeo");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir);
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
        ""));
    Process p = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile()).start();
    ImageRegistry registry = new ImageRegistry(p, port);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        if (!p.isAlive()) {
          throw new IllegalStateException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
        }
        return registry.answers();
      });
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  private boolean answers() {
    try {
      return SchedulerConnection.HTTP.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
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
