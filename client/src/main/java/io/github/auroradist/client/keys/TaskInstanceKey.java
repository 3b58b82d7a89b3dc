package io.github.auroradist.client.keys;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A job key with an optional instance selection: {@code cluster/role/env/name[/instances]},
 * where instances are a comma-separated list of numbers and ranges ({@code 0,2-5}).
 * An empty selection means every instance.
 */
public record TaskInstanceKey(AuroraJobKey job, SortedSet<Integer> instances) {
  public TaskInstanceKey {
    instances = Collections.unmodifiableSortedSet(new TreeSet<>(instances));
  }

  /** True when no instances were named, meaning all of them. */
  public boolean allInstances() {
    return instances.isEmpty();
  }

  /**
   * Parses {@code cluster/role/env/name} or {@code cluster/role/env/name/0,2-5}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static TaskInstanceKey parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a job key is required: CLUSTER/ROLE/ENV/NAME[/INSTANCES]");
    }
    String[] parts = text.split("/", -1);
    if (parts.length == 4) {
      return new TaskInstanceKey(AuroraJobKey.parse(text), new TreeSet<>());
    }
    if (parts.length != 5) {
      throw new IllegalArgumentException("'" + text + "' is not a job key: write"
          + " CLUSTER/ROLE/ENV/NAME or CLUSTER/ROLE/ENV/NAME/INSTANCES (for example"
          + " devcluster/www-data/devel/hello/0,2-5)");
    }
    AuroraJobKey job = AuroraJobKey.parse(String.join("/", parts[0], parts[1], parts[2], parts[3]));
    return new TaskInstanceKey(job, parseInstances(parts[4]));
  }

  /** Parses {@code 0,2-5} into {0, 2, 3, 4, 5}. */
  public static SortedSet<Integer> parseInstances(String text) {
    SortedSet<Integer> out = new TreeSet<>();
    if (text.isBlank()) {
      throw new IllegalArgumentException("instance list is empty: write numbers and ranges"
          + " such as 0,2-5");
    }
    for (String item : text.split(",", -1)) {
      String s = item.trim();
      try {
        int dash = s.indexOf('-');
        if (dash < 0) {
          out.add(nonNegative(Integer.parseInt(s), text));
        } else {
          int from = nonNegative(Integer.parseInt(s.substring(0, dash).trim()), text);
          int to = nonNegative(Integer.parseInt(s.substring(dash + 1).trim()), text);
          if (to < from) {
            throw new IllegalArgumentException("instance range '" + s + "' runs backwards:"
                + " write the smaller number first, e.g. " + to + "-" + from);
          }
          if (to - from > 100_000) {
            throw new IllegalArgumentException("instance range '" + s + "' is too large");
          }
          for (int i = from; i <= to; i++) {
            out.add(i);
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not an instance list: write"
            + " numbers and ranges such as 0,2-5", e);
      }
    }
    return out;
  }

  private static int nonNegative(int i, String text) {
    if (i < 0) {
      throw new IllegalArgumentException("instance numbers start at 0, got " + i + " in '" + text + "'");
    }
    return i;
  }

  /** The instances written back in compact form: {@code 0,2-5}. */
  public static String format(SortedSet<Integer> instances) {
    StringBuilder sb = new StringBuilder();
    Integer start = null;
    Integer prev = null;
    for (int i : instances) {
      if (start == null) {
        start = i;
      } else if (i != prev + 1) {
        append(sb, start, prev);
        start = i;
      }
      prev = i;
    }
    if (start != null) {
      append(sb, start, prev);
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, int from, int to) {
    if (sb.length() > 0) {
      sb.append(',');
    }
    sb.append(from);
    if (to > from) {
      sb.append('-').append(to);
    }
  }

  @Override
  public String toString() {
    return allInstances() ? job.toString() : job + "/" + format(instances);
  }
}
