package io.github.auroradist.common.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What an agent says about itself: its host name, agent id and attributes (name to values). */
public record HostAttributes(String host, String agentId, Map<String, Set<String>> attributes) {
  public HostAttributes {
    attributes = attributes == null ? Map.of() : Map.copyOf(new TreeMap<>(attributes));
  }
}
