package io.github.auroradist.common.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The clusters a client knows, read from {@code clusters.json} files.
 *
 * <p>Files are read in order: {@code $AURORA_CONFIG_ROOT/clusters.json} (default
 * {@code /etc/aurora/clusters.json}), then {@code ~/.aurora/clusters.json}; a cluster in a
 * later file replaces one of the same name from an earlier file. Missing files are skipped;
 * a file that exists but is broken is an error that names the file.
 */
public final class Clusters {
  public static final String FILE_NAME = "clusters.json";
  public static final String CONFIG_ROOT_VARIABLE = "AURORA_CONFIG_ROOT";
  public static final Path DEFAULT_CONFIG_ROOT = Path.of("/etc/aurora");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KNOWN = Set.of("name", "zk", "zk_port", "scheduler_zk_path",
      "scheduler_uri", "proxy_url", "auth_mechanism", "slave_root", "slave_run_directory",
      "docker_registry", "ca_file");

  private final Map<String, Cluster> byName;
  private final List<Path> sources;

  private Clusters(Map<String, Cluster> byName, List<Path> sources) {
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));  // file order
    this.sources = List.copyOf(sources);
  }

  /** Reads the files this process should use (environment and home directory). */
  public static Clusters load() throws ClusterConfigException {
    String root = System.getenv(CONFIG_ROOT_VARIABLE);
    Path configRoot = root == null || root.isBlank() ? DEFAULT_CONFIG_ROOT : Path.of(root);
    return load(List.of(configRoot.resolve(FILE_NAME),
        Path.of(System.getProperty("user.home"), ".aurora", FILE_NAME)));
  }

  /** Reads the given files in order; later files override clusters of the same name. */
  public static Clusters load(List<Path> files) throws ClusterConfigException {
    Map<String, Cluster> all = new LinkedHashMap<>();
    List<Path> read = new ArrayList<>();
    for (Path file : files) {
      if (!Files.exists(file)) {
        continue;
      }
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new ClusterConfigException("cannot read " + file + ": " + e.getMessage(), e);
      }
      for (Cluster c : parse(text, file.toString())) {
        all.put(c.name(), c);
      }
      read.add(file);
    }
    return new Clusters(all, read);
  }

  /**
   * Parses the text of one {@code clusters.json}: a JSON list of cluster objects.
   *
   * @param source the file name, for messages
   */
  public static List<Cluster> parse(String text, String source) throws ClusterConfigException {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ClusterConfigException(source + " is not valid JSON (line "
          + e.getLocation().getLineNr() + "): " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new ClusterConfigException(source + " must hold a JSON list of clusters,"
          + " e.g. [{\"name\": \"devcluster\", \"zk\": \"127.0.0.1\"}]");
    }
    List<Cluster> out = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode node : root) {
      String where = source + " entry " + index;
      if (!node.isObject()) {
        throw new ClusterConfigException(where + " must be a JSON object, got " + node);
      }
      Cluster c = cluster(node, where);
      Integer previous = seen.put(c.name(), index);
      if (previous != null) {
        throw new ClusterConfigException(source + " names cluster '" + c.name() + "' twice"
            + " (entries " + previous + " and " + index + "); keep one");
      }
      out.add(c);
      index++;
    }
    return out;
  }

  private static Cluster cluster(JsonNode node, String where) throws ClusterConfigException {
    String name = string(node, "name", where);
    if (name == null || name.isBlank()) {
      throw new ClusterConfigException(where + " has no \"name\"; every cluster needs one");
    }
    if (!name.matches("[\\w\\-.]+")) {
      throw new ClusterConfigException(where + ": cluster name '" + name
          + "' may contain only letters, digits, _, - and .");
    }
    where = where + " (cluster '" + name + "')";
    String zk = string(node, "zk", where);
    String schedulerUri = string(node, "scheduler_uri", where);
    if ((zk == null || zk.isBlank()) && (schedulerUri == null || schedulerUri.isBlank())) {
      throw new ClusterConfigException(where + " says neither \"zk\" nor \"scheduler_uri\":"
          + " give the ZooKeeper hosts or the scheduler's URL so the client can find it");
    }
    int zkPort = Cluster.DEFAULT_ZK_PORT;
    JsonNode port = node.get("zk_port");
    if (port != null && !port.isNull()) {
      if (port.canConvertToInt() && port.isIntegralNumber()) {
        zkPort = port.asInt();
      } else if (port.isTextual() && port.asText().matches("\\d{1,5}")) {
        zkPort = Integer.parseInt(port.asText());
      } else {
        throw new ClusterConfigException(where + ": \"zk_port\" must be a port number, got " + port);
      }
      if (zkPort < 1 || zkPort > 65535) {
        throw new ClusterConfigException(where + ": \"zk_port\" " + zkPort
            + " is not a port number (1-65535)");
      }
    }
    String zkPath = orDefault(string(node, "scheduler_zk_path", where),
        Cluster.DEFAULT_SCHEDULER_ZK_PATH);
    if (!zkPath.startsWith("/")) {
      throw new ClusterConfigException(where + ": \"scheduler_zk_path\" '" + zkPath
          + "' must be an absolute ZooKeeper path such as /aurora/scheduler");
    }
    if (schedulerUri != null && !schedulerUri.matches("https?://.+")) {
      throw new ClusterConfigException(where + ": \"scheduler_uri\" '" + schedulerUri
          + "' must be an http:// or https:// URL, e.g. http://scheduler.example.com:8081");
    }
    String caFile = blankToNull(string(node, "ca_file", where));
    if (caFile != null && !caFile.startsWith("/")) {
      throw new ClusterConfigException(where + ": \"ca_file\" '" + caFile
          + "' must be an absolute path to a PEM file, e.g. /etc/aurora/ca.pem");
    }
    Map<String, String> extra = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KNOWN.contains(e.getKey())) {
        extra.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText()
            : e.getValue().toString());
      }
    }
    return new Cluster(name, blankToNull(zk), zkPort, zkPath, blankToNull(schedulerUri),
        blankToNull(string(node, "proxy_url", where)),
        orDefault(string(node, "auth_mechanism", where), Cluster.DEFAULT_AUTH_MECHANISM),
        orDefault(string(node, "slave_root", where), Cluster.DEFAULT_SLAVE_ROOT),
        orDefault(string(node, "slave_run_directory", where), Cluster.DEFAULT_SLAVE_RUN_DIRECTORY),
        blankToNull(string(node, "docker_registry", where)), caFile, extra);
  }

  private static String string(JsonNode node, String field, String where)
      throws ClusterConfigException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new ClusterConfigException(where + ": \"" + field + "\" must be a string, got " + v);
    }
    return v.asText();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** The cluster of this name, if known. */
  public Optional<Cluster> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The cluster of this name.
   *
   * @throws ClusterConfigException naming the files read and the clusters they define
   */
  public Cluster get(String name) throws ClusterConfigException {
    Cluster c = byName.get(name);
    if (c == null) {
      String files = sources.isEmpty() ? "no clusters.json was found (looked in $"
          + CONFIG_ROOT_VARIABLE + " or " + DEFAULT_CONFIG_ROOT + ", then ~/.aurora)"
          : "read " + sources;
      throw new ClusterConfigException("unknown cluster '" + name + "': " + files
          + (byName.isEmpty() ? "" : "; known clusters: " + String.join(", ", byName.keySet())));
    }
    return c;
  }

  public Collection<Cluster> all() {
    return byName.values();
  }

  /** The files that were read, in order. */
  public List<Path> sources() {
    return sources;
  }
}
