package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds Pystachio-style {@code {{ref}}} references in a configuration's JSON tree.
 *
 * <p>A reference is looked up first in the explicit bindings (the {@code mesos} and {@code thermos}
 * namespaces the executor supplies), then in the enclosing objects from the innermost outwards -
 * so inside a process {@code {{name}}} is the process's name and {@code {{task.name}}} reaches the
 * task through the job. A bound value that itself holds references is bound too. References that
 * nothing binds are collected and reported together.
 */
public final class TemplateBinder {
  private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern SEGMENT =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[([^\\]]*)]|\\.");
  private static final int MAX_DEPTH = 16;

  private final ObjectNode bindings;

  /** {@code bindings} is an object such as {@code {"mesos": {...}, "thermos": {...}}}. */
  public TemplateBinder(ObjectNode bindings) {
    this.bindings = bindings;
  }

  /** Bindings for the executor's namespaces. */
  public static ObjectNode executorBindings(int instance, String hostname, Map<String, Integer> ports,
      String taskId, String user) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    ObjectNode mesos = root.putObject("mesos");
    mesos.put("instance", instance);
    mesos.put("hostname", hostname);
    ObjectNode thermos = root.putObject("thermos");
    ObjectNode portNode = thermos.putObject("ports");
    ports.forEach(portNode::put);
    thermos.put("task_id", taskId);
    thermos.put("user", user);
    return root;
  }

  /** Returns a bound copy of {@code root}; throws naming every unbound reference. */
  public JsonNode bind(JsonNode root) {
    return bindAll(root, List.of(), "");
  }

  /**
   * Returns a bound copy of {@code root}'s field {@code field} (null when it has none), with
   * {@code root} as its enclosing scope; throws naming every unbound reference in that field.
   */
  public JsonNode bindField(JsonNode root, String field) {
    JsonNode value = root.get(field);
    return value == null ? null : bindAll(value, List.of(root), field);
  }

  private JsonNode bindAll(JsonNode node, List<JsonNode> scopes, String path) {
    Set<String> unbound = new LinkedHashSet<>();
    JsonNode result = bindNode(node, new ArrayList<>(scopes), path, unbound);
    if (!unbound.isEmpty()) {
      throw new UnboundReferenceException(List.copyOf(unbound));
    }
    return result;
  }

  /** Every {@code NAME} of a {@code {{thermos.ports[NAME]}}} anywhere in {@code root}. */
  public static Set<String> portReferences(JsonNode root) {
    Set<String> names = new LinkedHashSet<>();
    collectPortReferences(root, names);
    return names;
  }

  private static void collectPortReferences(JsonNode node, Set<String> names) {
    if (node.isTextual()) {
      Matcher m = MUSTACHE.matcher(node.asText());
      while (m.find()) {
        List<String> segments = parse(m.group(1));
        if (segments != null && segments.size() == 3 && segments.get(0).equals("thermos")
            && segments.get(1).equals("ports")) {
          names.add(segments.get(2));
        }
      }
    }
    node.forEach(child -> collectPortReferences(child, names));
  }

  private JsonNode bindNode(JsonNode node, List<JsonNode> scopes, String path, Set<String> unbound) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      scopes.add(0, node);
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        copy.set(e.getKey(), bindNode(e.getValue(), scopes, join(path, e.getKey()), unbound));
      }
      scopes.remove(0);
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(bindNode(node.get(i), scopes, path + "[" + i + "]", unbound));
      }
      return copy;
    }
    if (node.isTextual() && node.asText().contains("{{")) {
      return TextNode.valueOf(bindText(node, scopes, path, unbound, 0));
    }
    return node;
  }

  private String bindText(JsonNode self, List<JsonNode> scopes, String path, Set<String> unbound, int depth) {
    Matcher m = MUSTACHE.matcher(self.asText());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String replacement = m.group();
      Resolved resolved = resolve(ref, scopes, self);
      if (resolved == null) {
        unbound.add("{{" + ref + "}} (in " + (path.isEmpty() ? "the configuration" : path) + ")");
      } else if (resolved.value.isContainerNode()) {
        throw new IllegalArgumentException("{{" + ref + "}} in " + path + " names a structure, not a"
            + " value; refer to one of its fields instead");
      } else {
        String value = resolved.value.isTextual() ? resolved.value.asText() : resolved.value.toString();
        if (value.contains("{{")) {
          if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("{{" + ref + "}} in " + path + " refers to itself through"
                + " other references; break the cycle");
          }
          value = bindText(resolved.value, resolved.scopes, path, unbound, depth + 1);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private record Resolved(JsonNode value, List<JsonNode> scopes) {}

  /**
   * {@code self} is the value being bound: a field never binds itself, so {@code name: "{{name}}-x"} looks outwards.
   */
  private Resolved resolve(String ref, List<JsonNode> scopes, JsonNode self) {
    List<String> segments = parse(ref);
    if (segments == null) {
      return null;
    }
    JsonNode fromBindings = walk(bindings, segments);
    if (fromBindings != null) {
      return new Resolved(fromBindings, List.of());
    }
    for (int i = 0; i < scopes.size(); i++) {
      JsonNode scope = scopes.get(i);
      JsonNode found = walk(scope, segments);
      // Identity, not equality: another field holding the same text may still bind this one.
      @SuppressWarnings("ReferenceEquality")
      boolean isSelf = found == self;
      if (found != null && !found.isNull() && !isSelf) {
        // A value found in scope i is bound in the scopes from i outwards, plus whatever
        // objects lie between that scope and the value itself.
        List<JsonNode> chain = new ArrayList<>(scopes.subList(i, scopes.size()));
        JsonNode cursor = scope;
        for (int s = 0; s < segments.size() - 1; s++) {
          cursor = child(cursor, segments.get(s));
          if (cursor != null && cursor.isObject()) {
            chain.add(0, cursor);
          }
        }
        return new Resolved(found, chain);
      }
    }
    return null;
  }

  private static JsonNode walk(JsonNode start, List<String> segments) {
    JsonNode cursor = start;
    for (String segment : segments) {
      cursor = child(cursor, segment);
      if (cursor == null || cursor.isMissingNode()) {
        return null;
      }
    }
    return cursor;
  }

  private static JsonNode child(JsonNode node, String segment) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      return node.get(segment);
    }
    if (node.isArray()) {
      try {
        return node.get(Integer.parseInt(segment));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code thermos.ports[http]} becomes [thermos, ports, http]; null when the text is no reference. */
  static List<String> parse(String ref) {
    List<String> segments = new ArrayList<>();
    Matcher m = SEGMENT.matcher(ref);
    int at = 0;
    while (at < ref.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      if (m.group(1) != null) {
        segments.add(m.group(1));
      } else if (m.group(2) != null) {
        segments.add(m.group(2).trim());
      }
      at = m.end();
    }
    return segments.isEmpty() ? null : segments;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
