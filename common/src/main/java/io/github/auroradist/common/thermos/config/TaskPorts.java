package io.github.auroradist.common.thermos.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ports a task's configuration can name as {@code {{thermos.ports[NAME]}}}: the ports the
 * scheduler assigned, plus each announcer {@code portmap} alias resolved to the port it leads to.
 *
 * <p>As in Aurora, an alias leads to an assigned port, to a literal port number, or to another
 * alias ({@code {'aurora': 'http', 'http': 80}} makes both 80); an assigned port wins over a
 * portmap entry of the same name. Aurora's client asks Mesos only for the ports aliases lead to,
 * so without this step a reference to an alias is bound by nothing.
 *
 * @param ports every name with its port, assigned ones and resolved aliases
 * @param unresolved aliases whose chain ends at a name the task was not given, with that chain
 *     (Aurora leaves them out; they are an error only when the configuration refers to them)
 */
public record TaskPorts(Map<String, Integer> ports, Map<String, List<String>> unresolved) {
  private static final int MAX_PORT = 65_535;

  public TaskPorts {
    ports = Collections.unmodifiableMap(new TreeMap<>(ports));
    unresolved = Collections.unmodifiableMap(new TreeMap<>(unresolved));
  }

  /**
   * Resolves the aliases of the announcer in the unbound configuration {@code config} against
   * {@code assigned}. The announcer is bound on its own first (its default portmap is
   * {@code {'aurora': '{{primary_port}}'}}), with {@code binder} holding the assigned ports.
   *
   * @throws IllegalArgumentException for aliases that form a cycle, a literal that is no port
   *     number, or an announcer that does not match Aurora's schema
   */
  public static TaskPorts resolve(Map<String, Object> config, TemplateBinder binder, Map<String, Integer> assigned) {
    Object announce = config.get("announce");
    if (announce == null) {
      return new TaskPorts(assigned, Map.of());
    }
    AnnouncerConfig announcer;
    try {
      announcer = ThermosConfigReader.announcer(binder.bindField(config, "announce"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the task's announce does not match Aurora's Announcer: "
          + e.getMessage(), e);
    }
    return resolve(announcer.portmap(), assigned);
  }

  /** Resolves {@code portmap} (alias to port name or number) against the assigned ports. */
  public static TaskPorts resolve(Map<String, String> portmap, Map<String, Integer> assigned) {
    Map<String, Integer> ports = new TreeMap<>(assigned);
    Map<String, List<String>> unresolved = new TreeMap<>();
    for (String alias : new TreeSet<>(portmap.keySet())) {
      if (assigned.containsKey(alias)) {
        continue;
      }
      List<String> chain = new ArrayList<>(List.of(alias));
      String target = target(portmap, alias);
      while (true) {
        if (target.matches("\\d+")) {
          ports.put(alias, portNumber(alias, target));
          break;
        }
        if (assigned.containsKey(target)) {
          ports.put(alias, assigned.get(target));
          break;
        }
        if (chain.contains(target)) {
          chain.add(target);
          throw new IllegalArgumentException("the announcer's portmap aliases form a cycle: "
              + String.join(" -> ", chain) + "; map one of them to a port the task has or to a port number");
        }
        chain.add(target);
        if (!portmap.containsKey(target)) {
          unresolved.put(alias, List.copyOf(chain));
          break;
        }
        target = target(portmap, target);
      }
    }
    return new TaskPorts(ports, unresolved);
  }

  /**
   * Checks that {@code config} refers to no unresolved alias.
   *
   * @throws IllegalArgumentException naming each such reference, where its alias leads and the
   *     ports the task has
   */
  public void requireResolvedReferences(Object config) {
    Set<String> broken = new TreeSet<>(TemplateBinder.portReferences(config));
    broken.retainAll(unresolved.keySet());
    if (broken.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (String alias : broken) {
      List<String> chain = unresolved.get(alias);
      String end = chain.get(chain.size() - 1);
      problems.add("{{thermos.ports[" + alias + "]}}, but the announcer's portmap maps '" + alias + "' to '" + end
          + "'" + (chain.size() > 2 ? " (" + String.join(" -> ", chain) + ")" : "")
          + ", a port the task was not given; map '" + alias + "' to one of the task's ports or to a port"
          + " number, or have the job request '" + end + "'");
    }
    throw new IllegalArgumentException("the task configuration refers to " + String.join("; and to ", problems)
        + " (the task's ports are " + ports.keySet() + "; the scheduler assigns only the ports the job requests)");
  }

  /** The port named {@code name}, if the task has it (assigned or through an alias). */
  public Optional<Integer> port(String name) {
    return Optional.ofNullable(ports.get(name));
  }

  private static String target(Map<String, String> portmap, String alias) {
    String target = portmap.get(alias);
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("the announcer's portmap gives '" + alias + "' no port; map it to a"
          + " port name or a port number");
    }
    return target.trim();
  }

  private static int portNumber(String alias, String literal) {
    int port;
    try {
      port = Integer.parseInt(literal);
    } catch (NumberFormatException e) {
      port = 0;
    }
    if (port < 1 || port > MAX_PORT) {
      throw new IllegalArgumentException("the announcer's portmap maps '" + alias + "' to " + literal
          + ", which is not a port number; use a number from 1 to " + MAX_PORT + " or a port name");
    }
    return port;
  }
}
