package io.github.auroradist.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import io.github.auroradist.common.model.JobConfiguration;
import io.github.auroradist.common.model.ModelJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The line diff {@code aurora job diff} prints between the scheduler's job and the file's. */
final class JobDiff {
  private static final ObjectMapper JSON = ModelJson.mapper().copy()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private static final int CONTEXT = 3;

  private JobDiff() {}

  /** The job as sorted, indented JSON with the executor's data unfolded so changes show per field. */
  static List<String> lines(JobConfiguration job) {
    JsonNode tree = JSON.valueToTree(job);
    JsonNode executor = tree.path("taskConfig").path("executorConfig");
    if (executor.path("data").isTextual()) {
      try {
        ((ObjectNode) executor).set("data", JSON.readTree(executor.path("data").asText()));
      } catch (Exception notJson) {
        // opaque data stays a string
      }
    }
    try {
      return List.of(JSON.writeValueAsString(sorted(tree)).split("\n"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> m = new TreeMap<>();
      node.fields().forEachRemaining(e -> m.put(e.getKey(), sorted(e.getValue())));
      return m;
    }
    if (node.isArray()) {
      List<Object> l = new ArrayList<>();
      node.forEach(n -> l.add(sorted(n)));
      return l;
    }
    return node;
  }

  /** Unified-style hunks ({@code -} scheduler, {@code +} local); empty when the two agree. */
  static List<String> diff(List<String> a, List<String> b) {
    List<String> script = new ArrayList<>();  // each line: ' ', '-' or '+' then text
    int i = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
      for (; i < delta.getSource().getPosition(); i++) {
        script.add("  " + a.get(i));
      }
      delta.getSource().getLines().forEach(line -> script.add("- " + line));
      delta.getTarget().getLines().forEach(line -> script.add("+ " + line));
      i += delta.getSource().size();
    }
    for (; i < a.size(); i++) {
      script.add("  " + a.get(i));
    }
    List<String> out = new ArrayList<>();
    int last = -1;
    for (int k = 0; k < script.size(); k++) {
      if (script.get(k).startsWith("  ")) {
        continue;
      }
      int from = Math.max(k - CONTEXT, last + 1);
      if (last >= 0 && from > last + 1) {
        out.add("...");
      }
      int to = k;
      while (to + 1 < script.size() && (!script.get(to + 1).startsWith("  ")
          || nextChangeWithin(script, to + 1, CONTEXT * 2))) {
        to++;
      }
      to = Math.min(script.size() - 1, to + CONTEXT);
      for (int x = from; x <= to; x++) {
        out.add(script.get(x));
      }
      last = to;
      k = to;
    }
    return out;
  }

  private static boolean nextChangeWithin(List<String> script, int from, int distance) {
    for (int x = from; x < Math.min(script.size(), from + distance); x++) {
      if (!script.get(x).startsWith("  ")) {
        return true;
      }
    }
    return false;
  }
}
