package io.github.auroradist.emulator.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.CommandInfo;

/** A small Mesos fetcher: copies or downloads CommandInfo.uris into the sandbox, and extracts archives. */
final class Fetcher {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  void fetch(CommandInfo command, Path sandbox) throws IOException {
    for (CommandInfo.URI uri : command.getUrisList()) {
      String value = uri.getValue();
      String name = uri.hasOutputFile() ? uri.getOutputFile() : value.substring(value.lastIndexOf('/') + 1);
      Path target = sandbox.resolve(name);
      if (value.startsWith("http://") || value.startsWith("https://")) {
        download(value, target);
      } else {
        Path source = Path.of(value.startsWith("file://") ? URI.create(value).getPath() : value);
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      }
      if (uri.getExecutable()) {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else if ((!uri.hasExtract() || uri.getExtract()) && isArchive(name)) {
        extract(sandbox, name);
      }
    }
  }

  private void download(String url, Path target) throws IOException {
    try {
      HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofFile(target));
      if (response.statusCode() != 200) {
        throw new IOException("fetching " + url + " returned HTTP " + response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + url, e);
    }
  }

  private static void extract(Path sandbox, String name) throws IOException {
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

  private static boolean isArchive(String name) {
    return Stream.of(".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".zip")
        .anyMatch(name::endsWith);
  }
}
