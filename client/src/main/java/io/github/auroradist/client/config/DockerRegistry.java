package io.github.auroradist.client.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A Docker registry's HTTP API v2, as far as {@code {{docker.image[name][tag]}}} needs it: the digest a tag points
 * at now, so that the job names the image by digest and a later re-tag cannot change what its tasks run.
 */
final class DockerRegistry {
  /** Docker Hub's registry: its images are named without the registry, as Docker names them. */
  static final String DOCKER_HUB = "https://registry-1.docker.io";
  /** An image manifest, Docker's v2 schema 2 or OCI's; not a list or an index (Mesos provisions one image). */
  private static final String ACCEPT = "application/vnd.docker.distribution.manifest.v2+json,"
      + " application/vnd.oci.image.manifest.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /** @param url the cluster's {@code docker_registry}: {@code https://host[:port]} (a bare host means https) */
  DockerRegistry(String url, Duration timeout) throws ConfigException {
    String withScheme = url.contains("://") ? url : "https://" + url;
    try {
      URI uri = new URI(withScheme.replaceAll("/+$", ""));
      if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new URISyntaxException(url, "not an http(s) URL with a host");
      }
      this.base = uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("docker_registry '" + url + "' in clusters.json is not a registry URL; write e.g."
          + " https://registry.example.com:5000", e);
    }
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /**
   * {@code name@sha256:...} for the image {@code name:tag}, with the registry's {@code host[:port]/} in front unless
   * it is Docker Hub's, as Aurora's binder gives it.
   *
   * @throws ConfigException when the registry cannot be reached, is not a v2 registry, asks for credentials, or has
   *     no such image or tag
   */
  String pin(String name, String tag) throws ConfigException {
    HttpResponse<byte[]> version = get("/v2/", null);
    if (version.statusCode() == 401) {
      throw new ConfigException("the registry " + base + " asks for credentials ("
          + version.headers().firstValue("WWW-Authenticate").orElse("no challenge") + "); this client resolves"
          + " {{docker.image[...]}} against registries open for reading only: pin the digest yourself"
          + " (name@sha256:...)");
    }
    if (version.statusCode() != 200) {
      throw new ConfigException(base + " is not a Docker registry (HTTP API v2): GET /v2/ answered "
          + version.statusCode() + "; check docker_registry in clusters.json");
    }
    HttpResponse<byte[]> manifest = get("/v2/" + name + "/manifests/" + tag, ACCEPT);
    if (manifest.statusCode() == 404) {
      throw new ConfigException("the registry " + base + " has no such image (" + errorCodes(manifest)
          + "); check the name and tag, or push the image first");
    }
    if (manifest.statusCode() != 200) {
      throw new ConfigException("the registry " + base + " answered " + manifest.statusCode()
          + " for its manifest (" + errorCodes(manifest) + ")");
    }
    // The registry names the manifest's digest; the digest of the bytes it sent is the same by definition.
    String digest = manifest.headers().firstValue("Docker-Content-Digest").orElseGet(() -> sha256(manifest.body()));
    String host = base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort();
    return (DOCKER_HUB.equals(base.toString()) ? "" : host + "/") + name + "@" + digest;
  }

  private HttpResponse<byte[]> get(String path, String accept) throws ConfigException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ConfigException("cannot reach the Docker registry " + base + " (" + e
          + "); check docker_registry in clusters.json and that the registry runs", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted while asking " + base, e);
    }
  }

  /** The registry's error codes (MANIFEST_UNKNOWN, NAME_UNKNOWN, ...), or the status when it gave none. */
  private static String errorCodes(HttpResponse<byte[]> response) {
    try {
      JsonNode errors = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8)).path("errors");
      StringBuilder sb = new StringBuilder();
      for (JsonNode e : errors) {
        sb.append(sb.length() == 0 ? "" : ", ").append(e.path("code").asText()).append(": ")
            .append(e.path("message").asText());
      }
      return sb.length() == 0 ? "HTTP " + response.statusCode() : sb.toString();
    } catch (IOException e) {
      return "HTTP " + response.statusCode();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
