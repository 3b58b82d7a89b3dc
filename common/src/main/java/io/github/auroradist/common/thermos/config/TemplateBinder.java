package io.github.auroradist.common.thermos.config;

import io.github.auroradist.common.json.JsonTrees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *
 * <p>The tree is plain JSON values ({@link JsonTrees}), so that the executor binds without jackson-databind.
 */
public final class TemplateBinder {
  private static final Pattern MUSTACHE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern SEGMENT =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[([^\\]]*)]|\\.");
  private static final int MAX_DEPTH = 16;

  /** A JSON null found where a reference leads, told apart from nothing found (Java null). */
  private static final Object JSON_NULL = new Object();

  private final Map<String, Object> bindings;

  /** {@code bindings} is an object such as {@code {"mesos": {...}, "thermos": {...}}}. */
  public TemplateBinder(Map<String, Object> bindings) {
    this.bindings = bindings;
  }

  /** Bindings for the executor's namespaces. */
  public static Map<String, Object> executorBindings(int instance, String hostname, Map<String, Integer> ports,
      String taskId, String user) {
    Map<String, Object> root = new LinkedHashMap<>();
    Map<String, Object> mesos = new LinkedHashMap<>();
    mesos.put("instance", instance);
    mesos.put("hostname", hostname);
    root.put("mesos", mesos);
    Map<String, Object> thermos = new LinkedHashMap<>();
    thermos.put("ports", new LinkedHashMap<>(ports));
    thermos.put("task_id", taskId);
    thermos.put("user", user);
    root.put("thermos", thermos);
    return root;
  }

  /** Returns a bound copy of {@code root} (a plain JSON value); throws naming every unbound reference. */
  public Object bind(Object root) {
    return bindAll(root, List.of(), "");
  }

  /**
   * Returns a bound copy of {@code root}'s field {@code field} (null when it has none), with
   * {@code root} as its enclosing scope; throws naming every unbound reference in that field.
   */
  public Object bindField(Map<String, Object> root, String field) {
    Object value = root.get(field);
    return value == null ? null : bindAll(value, List.of(root), field);
  }

  private Object bindAll(Object node, List<Object> scopes, String path) {
    Set<String> unbound = new LinkedHashSet<>();
    Object result = bindNode(node, new ArrayList<>(scopes), path, unbound);
    if (!unbound.isEmpty()) {
      throw new UnboundReferenceException(List.copyOf(unbound));
    }
    return result;
  }

  /** Every {@code NAME} of a {@code {{thermos.ports[NAME]}}} anywhere in {@code root}. */
  public static Set<String> portReferences(Object root) {
    Set<String> names = new LinkedHashSet<>();
    collectPortReferences(root, names);
    return names;
  }

  private static void collectPortReferences(Object node, Set<String> names) {
    if (node instanceof String text) {
      Matcher m = MUSTACHE.matcher(text);
      while (m.find()) {
        List<String> segments = parse(m.group(1));
        if (segments != null && segments.size() == 3 && segments.get(0).equals("thermos")
            && segments.get(1).equals("ports")) {
          names.add(segments.get(2));
        }
      }
    }
    if (node instanceof Map<?, ?> object) {
      object.values().forEach(child -> collectPortReferences(child, names));
    } else if (node instanceof List<?> array) {
      array.forEach(child -> collectPortReferences(child, names));
    }
  }

  private Object bindNode(Object node, List<Object> scopes, String path, Set<String> unbound) {
    if (node instanceof Map<?, ?> object) {
      Map<String, Object> copy = new LinkedHashMap<>();
      scopes.add(0, node);
      for (Map.Entry<?, ?> e : object.entrySet()) {
        String key = (String) e.getKey();
        copy.put(key, bindNode(e.getValue(), scopes, join(path, key), unbound));
      }
      scopes.remove(0);
      return copy;
    }
    if (node instanceof List<?> array) {
      List<Object> copy = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        copy.add(bindNode(array.get(i), scopes, path + "[" + i + "]", unbound));
      }
      return copy;
    }
    if (node instanceof String text && text.contains("{{")) {
      return bindText(text, scopes, path, unbound, 0);
    }
    return node;
  }

  /** {@code self} is the string being bound, compared by identity (see {@link #resolve}). */
  private String bindText(String self, List<Object> scopes, String path, Set<String> unbound, int depth) {
    Matcher m = MUSTACHE.matcher(self);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String ref = m.group(1);
      String replacement = m.group();
      Resolved resolved = resolve(ref, scopes, self);
      if (resolved == null) {
        unbound.add("{{" + ref + "}} (in " + (path.isEmpty() ? "the configuration" : path) + ")");
      } else if (resolved.value instanceof Map || resolved.value instanceof List) {
        throw new IllegalArgumentException("{{" + ref + "}} in " + path + " names a structure, not a"
            + " value; refer to one of its fields instead");
      } else {
        String value = resolved.value == JSON_NULL ? "null" : JsonTrees.scalarText(resolved.value);
        if (resolved.value instanceof String text && text.contains("{{")) {
          if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("{{" + ref + "}} in " + path + " refers to itself through"
                + " other references; break the cycle");
          }
          value = bindText(text, resolved.scopes, path, unbound, depth + 1);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private record Resolved(Object value, List<Object> scopes) {}

  /**
   * {@code self} is the value being bound: a field never binds itself, so {@code name: "{{name}}-x"} looks outwards.
   */
  private Resolved resolve(String ref, List<Object> scopes, String self) {
    List<String> segments = parse(ref);
    if (segments == null) {
      return null;
    }
    Object fromBindings = walk(bindings, segments);
    if (fromBindings != null) {
      return new Resolved(fromBindings, List.of());
    }
    for (int i = 0; i < scopes.size(); i++) {
      Object scope = scopes.get(i);
      Object found = walk(scope, segments);
      // Identity, not equality: another field holding the same text may still bind this one.
      @SuppressWarnings("ReferenceEquality")
      boolean isSelf = found == self;
      if (found != null && found != JSON_NULL && !isSelf) {
        // A value found in scope i is bound in the scopes from i outwards, plus whatever
        // objects lie between that scope and the value itself.
        List<Object> chain = new ArrayList<>(scopes.subList(i, scopes.size()));
        Object cursor = scope;
        for (int s = 0; s < segments.size() - 1; s++) {
          cursor = child(cursor, segments.get(s));
          if (cursor instanceof Map) {
            chain.add(0, cursor);
          }
        }
        return new Resolved(found, chain);
      }
    }
    return null;
  }

  /** The value {@code segments} lead to from {@code start}: null when none, {@link #JSON_NULL} for a JSON null. */
  private static Object walk(Object start, List<String> segments) {
    Object cursor = start;
    for (String segment : segments) {
      cursor = child(cursor, segment);
      if (cursor == null) {
        return null;
      }
    }
    return cursor;
  }

  private static Object child(Object node, String segment) {
    if (node instanceof Map<?, ?> object) {
      Object value = object.get(segment);
      return value == null && object.containsKey(segment) ? JSON_NULL : value;
    }
    if (node instanceof List<?> array) {
      int index;
      try {
        index = Integer.parseInt(segment);
      } catch (NumberFormatException e) {
        return null;
      }
      if (index < 0 || index >= array.size()) {
        return null;
      }
      Object value = array.get(index);
      return value == null ? JSON_NULL : value;
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
