package io.github.auroradist.emulator.resources;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * Unreserved resources of an agent as the emulator accounts them: named scalars (cpus, mem, disk,
 * gpus) and named ranges (ports). Roles and reservations are not modelled. Immutable.
 */
public final class ResourceSet {
  public static final ResourceSet EMPTY = new ResourceSet(Map.of(), Map.of());
  private static final double EPSILON = 1e-6;
  private static final Pattern ITEM = Pattern.compile("\\s*([a-zA-Z_][\\w.-]*)(\\([^)]*\\))?\\s*:\\s*(.+?)\\s*");
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d+)\\s*-\\s*(\\d+)\\s*");

  private final Map<String, Double> scalars;
  private final Map<String, Ranges> ranges;

  private ResourceSet(Map<String, Double> scalars, Map<String, Ranges> ranges) {
    this.scalars = Map.copyOf(scalars);
    this.ranges = Map.copyOf(ranges);
  }

  /**
   * Parses the agent flag form {@code cpus:4;mem:4096;disk:20000;ports:[31000-32000];gpus:1}.
   *
   * @throws IllegalArgumentException naming the bad item and the accepted form
   */
  public static ResourceSet parse(String text) {
    Map<String, Double> scalars = new TreeMap<>();
    Map<String, Ranges> ranges = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    for (String item : text.split(";", -1)) { // blank items, such as after a trailing ';', are skipped
      if (item.isBlank()) {
        continue;
      }
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad resource '" + item.trim() + "' in --resources; write"
            + " name:value items separated by ';', e.g. cpus:4;mem:4096;disk:20000;ports:[31000-32000]");
      }
      String name = m.group(1);
      String value = m.group(3);
      if (value.startsWith("[")) {
        if (!value.endsWith("]")) {
          throw new IllegalArgumentException("bad range value '" + value + "' for " + name
              + " in --resources; write ranges as [31000-32000,33000-33100]");
        }
        ranges.put(name, Ranges.parse(name, value.substring(1, value.length() - 1)));
      } else {
        try {
          double amount = Double.parseDouble(value);
          if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new NumberFormatException();
          }
          scalars.put(name, amount);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad amount '" + value + "' for " + name
              + " in --resources; write a non-negative number such as " + name + ":4");
        }
      }
    }
    return new ResourceSet(scalars, ranges);
  }

  /** Sums Mesos resources, ignoring roles, reservations and SET values. */
  public static ResourceSet of(Collection<Resource> resources) {
    ResourceSet sum = EMPTY;
    for (Resource r : resources) {
      if (r.getType() == Value.Type.SCALAR) {
        sum = sum.plus(new ResourceSet(Map.of(r.getName(), r.getScalar().getValue()), Map.of()));
      } else if (r.getType() == Value.Type.RANGES) {
        List<long[]> list = new ArrayList<>();
        for (Value.Range range : r.getRanges().getRangeList()) {
          list.add(new long[] {range.getBegin(), range.getEnd()});
        }
        sum = sum.plus(new ResourceSet(Map.of(), Map.of(r.getName(), Ranges.of(list))));
      }
    }
    return sum;
  }

  /**
   * This set with the named ranges cut into {@code parts} equal slices, keeping slice {@code index}:
   * agents sharing one machine must not offer the same ports.
   */
  public ResourceSet withRangeSlice(String name, int parts, int index) {
    Ranges all = ranges.get(name);
    if (all == null || parts <= 1) {
      return this;
    }
    long total = 0;
    for (long[] r : all.list()) {
      total += r[1] - r[0] + 1;
    }
    long size = total / parts;
    long from = size * index;
    long to = index == parts - 1 ? total - 1 : from + size - 1;
    List<long[]> kept = new ArrayList<>();
    long position = 0;
    for (long[] r : all.list()) {
      long length = r[1] - r[0] + 1;
      long begin = Math.max(from, position);
      long end = Math.min(to, position + length - 1);
      if (begin <= end) {
        kept.add(new long[] {r[0] + (begin - position), r[0] + (end - position)});
      }
      position += length;
    }
    Map<String, Ranges> r = new TreeMap<>(ranges);
    r.put(name, Ranges.of(kept));
    return new ResourceSet(scalars, r);
  }

  /** This set without the named resource. */
  public ResourceSet without(String name) {
    Map<String, Double> s = new TreeMap<>(scalars);
    s.remove(name);
    Map<String, Ranges> r = new TreeMap<>(ranges);
    r.remove(name);
    return new ResourceSet(s, r);
  }

  public double scalar(String name) {
    return scalars.getOrDefault(name, 0.0);
  }

  public boolean isEmpty() {
    return scalars.values().stream().allMatch(v -> v < EPSILON)
        && ranges.values().stream().allMatch(Ranges::isEmpty);
  }

  /**
   * The sum of many sets in one pass: what {@link #plus} gives applied in turn, without a new set (and its maps
   * and merged ranges) for every step. The master sums each agent's tasks at every allocation.
   */
  public static ResourceSet sum(Collection<ResourceSet> sets) {
    Map<String, Double> s = new TreeMap<>();
    Map<String, List<long[]>> r = new TreeMap<>();
    for (ResourceSet set : sets) {
      set.scalars.forEach((k, v) -> s.merge(k, v, Double::sum));
      set.ranges.forEach((k, v) -> r.computeIfAbsent(k, key -> new ArrayList<>()).addAll(v.list()));
    }
    Map<String, Ranges> merged = new TreeMap<>();
    r.forEach((k, list) -> merged.put(k, Ranges.of(list)));
    return new ResourceSet(s, merged);
  }

  public ResourceSet plus(ResourceSet other) {
    Map<String, Double> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.merge(k, v, Double::sum));
    Map<String, Ranges> r = new TreeMap<>(ranges);
    other.ranges.forEach((k, v) -> r.merge(k, v, Ranges::union));
    return new ResourceSet(s, r);
  }

  /** This minus other, floored at zero (callers check {@link #contains} first when it matters). */
  public ResourceSet minus(ResourceSet other) {
    Map<String, Double> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.computeIfPresent(k, (key, mine) -> Math.max(0, mine - v)));
    Map<String, Ranges> r = new TreeMap<>(ranges);
    other.ranges.forEach((k, v) -> r.computeIfPresent(k, (key, mine) -> mine.minus(v)));
    return new ResourceSet(s, r);
  }

  public boolean contains(ResourceSet other) {
    for (Map.Entry<String, Double> e : other.scalars.entrySet()) {
      if (e.getValue() > EPSILON && scalar(e.getKey()) + EPSILON < e.getValue()) {
        return false;
      }
    }
    for (Map.Entry<String, Ranges> e : other.ranges.entrySet()) {
      if (!e.getValue().isEmpty() && !ranges.getOrDefault(e.getKey(), Ranges.EMPTY).contains(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Mesos protobuf resources; with a role, each carries allocation_info (MULTI_ROLE frameworks). */
  public List<Resource> toProtos(String allocationRole) {
    List<Resource> out = new ArrayList<>();
    scalars.forEach((name, value) -> {
      if (value > EPSILON) {
        out.add(base(name, allocationRole).setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(round(value))).build());
      }
    });
    ranges.forEach((name, value) -> {
      if (!value.isEmpty()) {
        Value.Ranges.Builder b = Value.Ranges.newBuilder();
        for (long[] range : value.list()) {
          b.addRange(Value.Range.newBuilder().setBegin(range[0]).setEnd(range[1]));
        }
        out.add(base(name, allocationRole).setType(Value.Type.RANGES).setRanges(b).build());
      }
    });
    return out;
  }

  private static Resource.Builder base(String name, String allocationRole) {
    @SuppressWarnings("deprecation")
    Resource.Builder b = Resource.newBuilder().setName(name).setRole("*");
    if (allocationRole != null) {
      b.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(allocationRole));
    }
    return b;
  }

  /** The /state form: {"cpus": 4.0, "ports": "[31000-32000]"}; cpus, mem, disk, gpus always present. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (String name : List.of("cpus", "mem", "disk", "gpus")) {
      node.put(name, round(scalar(name)));
    }
    scalars.forEach((name, value) -> node.put(name, round(value)));
    ranges.forEach((name, value) -> node.put(name, value.toString()));
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }

  @Override
  public String toString() {
    return toJson().toString();
  }

  /** Sorted, non-overlapping inclusive ranges. */
  private record Ranges(List<long[]> list) {
    static final Ranges EMPTY = new Ranges(List.of());

    static Ranges parse(String name, String text) {
      List<long[]> list = new ArrayList<>();
      for (String part : text.split(",", -1)) { // blank parts, such as after a trailing ',', are skipped
        if (part.isBlank()) {
          continue;
        }
        Matcher m = RANGE.matcher(part);
        if (!m.matches() || Long.parseLong(m.group(1)) > Long.parseLong(m.group(2))) {
          throw new IllegalArgumentException("bad range '" + part.trim() + "' for " + name
              + " in --resources; write begin-end with begin <= end, e.g. [31000-32000]");
        }
        list.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
      return of(list);
    }

    static Ranges of(List<long[]> input) {
      List<long[]> sorted = new ArrayList<>(input);
      sorted.sort((a, b) -> Long.compare(a[0], b[0]));
      List<long[]> merged = new ArrayList<>();
      for (long[] r : sorted) {
        if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] + 1 >= r[0]) {
          long[] last = merged.get(merged.size() - 1);
          last[1] = Math.max(last[1], r[1]);
        } else {
          merged.add(new long[] {r[0], r[1]});
        }
      }
      return new Ranges(List.copyOf(merged));
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    Ranges union(Ranges other) {
      List<long[]> all = new ArrayList<>(list);
      all.addAll(other.list);
      return of(all);
    }

    Ranges minus(Ranges other) {
      List<long[]> result = new ArrayList<>();
      for (long[] r : list) {
        List<long[]> pieces = new ArrayList<>();
        pieces.add(new long[] {r[0], r[1]});
        for (long[] o : other.list) {
          List<long[]> next = new ArrayList<>();
          for (long[] p : pieces) {
            if (o[1] < p[0] || o[0] > p[1]) {
              next.add(p);
              continue;
            }
            if (o[0] > p[0]) {
              next.add(new long[] {p[0], o[0] - 1});
            }
            if (o[1] < p[1]) {
              next.add(new long[] {o[1] + 1, p[1]});
            }
          }
          pieces = next;
        }
        result.addAll(pieces);
      }
      return of(result);
    }

    boolean contains(Ranges other) {
      return other.minus(this).isEmpty();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("[");
      for (long[] r : list) {
        if (b.length() > 1) {
          b.append(", ");
        }
        b.append(r[0]).append('-').append(r[1]);
      }
      return b.append(']').toString();
    }
  }
}
