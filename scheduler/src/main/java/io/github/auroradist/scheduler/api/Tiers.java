package io.github.auroradist.scheduler.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.common.model.ModelJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task tiers (Aurora's {@code tiers.json}): each tier says whether its tasks are preemptible
 * and revocable; one is the default for tasks that name none.
 */
public record Tiers(String defaultTier, Map<String, Tier> tiers) {
  public record Tier(boolean preemptible, boolean revocable) {
  }

  public static final Tiers AURORA_DEFAULT = new Tiers("preemptible", Map.of(
      "preferred", new Tier(false, false),
      "preemptible", new Tier(true, false),
      "revocable", new Tier(true, true)));

  public Tiers {
    tiers = Map.copyOf(tiers);
    if (!tiers.containsKey(defaultTier)) {
      throw new IllegalArgumentException("the default tier '" + defaultTier + "' is not one of the tiers "
          + tiers.keySet());
    }
  }

  /**
   * Reads {@code {"default": NAME, "tiers": {NAME: {"preemptible": B, "revocable": B}}}}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong
   */
  public static Tiers read(Path file) {
    try {
      JsonNode root = ModelJson.mapper().readTree(Files.readAllBytes(file));
      JsonNode tiersNode = root.path("tiers");
      if (!tiersNode.isObject() || tiersNode.isEmpty()) {
        throw new IllegalArgumentException("-tier_config " + file + " has no \"tiers\" object");
      }
      Map<String, Tier> tiers = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = tiersNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        tiers.put(e.getKey(), new Tier(e.getValue().path("preemptible").asBoolean(false),
            e.getValue().path("revocable").asBoolean(false)));
      }
      String defaultTier = root.path("default").asText(null);
      if (defaultTier == null) {
        throw new IllegalArgumentException("-tier_config " + file + " names no \"default\" tier");
      }
      return new Tiers(defaultTier, tiers);
    } catch (IOException e) {
      throw new IllegalArgumentException("-tier_config " + file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
