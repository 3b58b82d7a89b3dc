package io.github.auroradist.client.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.auroradist.common.clusters.Cluster;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Aurora's {@code {{docker.image[name][tag]}}} binder: each such reference in a job becomes the image pinned to the
 * digest its tag points at in the cluster's {@code docker_registry} now ({@code host:port/name@sha256:...}), so
 * restarts and new instances run the same image whatever is pushed under the tag later.
 */
public final class DockerImageBinding {
  private static final Pattern REF =
      Pattern.compile("\\{\\{\\s*docker\\.image\\[([^\\[\\]{}]*)]\\[([^\\[\\]{}]*)]\\s*}}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DockerImageBinding() {
  }

  /**
   * {@code job} with every {@code {{docker.image[name][tag]}}} resolved against its cluster's registry; the job
   * itself when it has none (neither the cluster nor a registry is looked up then).
   *
   * @throws ConfigException naming the image and what is wrong: no {@code docker_registry} for the cluster, a
   *     registry that cannot be reached or is not one, an image or tag it does not have
   */
  public static ConfiguredJob bind(ConfiguredJob job, Supplier<Cluster> clusters, Duration timeout)
      throws ConfigException {
    if (!REF.matcher(job.thermosJson()).find()) {
      return job;
    }
    Cluster cluster = clusters.get();
    String where = job.origin() == null || job.origin().isEmpty() ? "" : job.origin() + ": ";
    if (cluster.dockerRegistry() == null || cluster.dockerRegistry().isBlank()) {
      throw new ConfigException(where + "{{docker.image[...]}} needs the registry to resolve tags in: cluster "
          + cluster.name() + " has no docker_registry in clusters.json; add e.g. \"docker_registry\":"
          + " \"https://registry.example.com:5000\" (or \"" + DockerRegistry.DOCKER_HUB + "\" for Docker Hub)");
    }
    DockerRegistry registry = new DockerRegistry(cluster.dockerRegistry(), timeout);
    Map<String, String> pinned = new LinkedHashMap<>();
    JsonNode tree;
    try {
      tree = JSON.readTree(job.thermosJson());
    } catch (IOException e) {
      throw new IllegalStateException("the loader's JSON of " + job.key() + " does not parse", e);
    }
    JsonNode bound = bindNode(tree, registry, pinned, where);
    return ConfiguredJob.fromThermosJson(bound, job.ports(), job.origin());
  }

  private static JsonNode bindNode(JsonNode node, DockerRegistry registry, Map<String, String> pinned, String where)
      throws ConfigException {
    if (node.isTextual()) {
      return new TextNode(bindText(node.asText(), registry, pinned, where));
    }
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), bindNode(e.getValue(), registry, pinned, where));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      for (JsonNode item : node) {
        out.add(bindNode(item, registry, pinned, where));
      }
      return out;
    }
    return node;
  }

  private static String bindText(String text, DockerRegistry registry, Map<String, String> pinned, String where)
      throws ConfigException {
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).trim();
      String tag = m.group(2).trim();
      if (name.isEmpty() || tag.isEmpty()) {
        throw new ConfigException(where + m.group() + " needs an image name and a tag, as"
            + " {{docker.image[library/debian][bookworm]}}");
      }
      String key = name + ":" + tag;
      String image = pinned.get(key);
      if (image == null) {
        try {
          image = registry.pin(name, tag);
        } catch (ConfigException e) {
          throw new ConfigException(where + "{{docker.image[" + name + "][" + tag + "]}}: " + e.getMessage(), e);
        }
        pinned.put(key, image);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(image));
    }
    m.appendTail(out);
    return out.toString();
  }
}
