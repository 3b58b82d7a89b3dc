package io.github.auroradist.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A selection of instance ids written as numbers and ranges ({@code 0,2-5}). The one parser of that
 * form for the client and the scheduler. It never expands a range while parsing, and it bounds
 * everything a caller controls (the length of the text, the number of items and the highest id),
 * so a selection such as {@code 0-2147483647} is refused at once instead of filling memory. In JSON a
 * selection is its text ({@code "0,2-5"}); a list of ids ({@code [0, 2, 3]}) is read too.
 */
public record InstanceRanges(List<Range> ranges) {
  /** The highest instance id anything may name; far above any job's instance count. */
  public static final int MAX_INSTANCE_ID = 99_999;
  /** The most comma-separated items one selection may have. */
  public static final int MAX_ITEMS = 1_000;
  /** The longest selection text accepted. */
  public static final int MAX_TEXT_LENGTH = 8_192;

  /** Instances {@code first} to {@code last}, both included. */
  public record Range(int first, int last) {
    public Range {
      if (first < 0 || last < first) {
        throw new IllegalArgumentException("instance range " + first + "-" + last + " is not valid");
      }
    }

    public int size() {
      return last - first + 1;
    }
  }

  /** Sorts and merges the ranges, so equal selections are equal records. */
  public InstanceRanges {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(Range::first));
    List<Range> merged = new ArrayList<>();
    for (Range r : sorted) {
      Range prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (prev != null && r.first() <= prev.last() + 1) {
        merged.set(merged.size() - 1, new Range(prev.first(), Math.max(prev.last(), r.last())));
      } else {
        merged.add(r);
      }
    }
    ranges = List.copyOf(merged);
  }

  /**
   * Reads a selection from JSON: its text, or a list of ids (bounded as the text is).
   *
   * @throws IllegalArgumentException saying what is wrong and how to write it
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static InstanceRanges fromJson(JsonNode node) {
    if (node.isTextual()) {
      return node.asText().isBlank() ? new InstanceRanges(List.of()) : parse(node.asText());
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("give instances as text such as \"0,2-5\" or a list of ids such as [0, 2]");
    }
    if (node.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("the instance list has " + node.size() + " items; at most " + MAX_ITEMS
          + " are accepted: write ranges such as \"0-99\" instead of each number");
    }
    List<Integer> ids = new ArrayList<>();
    for (JsonNode id : node) {
      if (!id.isIntegralNumber() || !id.canConvertToInt()) {
        throw new IllegalArgumentException("'" + id + "' is not an instance id (0 to " + MAX_INSTANCE_ID + ")");
      }
      ids.add(id.intValue());
    }
    return of(ids);
  }

  /** The selection of exactly these ids (each checked against {@link #MAX_INSTANCE_ID}). */
  public static InstanceRanges of(Collection<Integer> ids) {
    List<Range> ranges = new ArrayList<>();
    for (int id : new TreeSet<>(ids)) {
      checkId(id, String.valueOf(id));
      ranges.add(new Range(id, id));
    }
    return new InstanceRanges(ranges);
  }

  /**
   * Parses {@code 0,2-5}: numbers and ranges from 0 to {@value #MAX_INSTANCE_ID}, separated by
   * commas, spaces around items allowed.
   *
   * @throws IllegalArgumentException saying what is wrong with the text and how to write it
   */
  public static InstanceRanges parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the instance list is empty: write numbers and ranges such as 0,2-5");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("the instance list is " + text.length() + " characters long; at most "
          + MAX_TEXT_LENGTH + " are accepted: write ranges such as 0-99 instead of each number");
    }
    String[] items = text.split(",", -1);
    if (items.length > MAX_ITEMS) {
      throw new IllegalArgumentException("the instance list has " + items.length + " items; at most " + MAX_ITEMS
          + " are accepted: write ranges such as 0-99 instead of each number");
    }
    List<Range> ranges = new ArrayList<>(items.length);
    for (String item : items) {
      String s = item.trim();
      int dash = s.indexOf('-', 1);
      if (dash < 0) {
        int id = number(s, text);
        ranges.add(new Range(id, id));
      } else {
        int first = number(s.substring(0, dash).trim(), text);
        int last = number(s.substring(dash + 1).trim(), text);
        if (last < first) {
          throw new IllegalArgumentException("instance range '" + s + "' runs backwards: write the smaller number"
              + " first, e.g. " + last + "-" + first);
        }
        ranges.add(new Range(first, last));
      }
    }
    return new InstanceRanges(ranges);
  }

  private static int number(String s, String text) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
      if (s.startsWith("-") && s.length() > 1 && s.substring(1).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("instance numbers start at 0, got " + s + " in '" + text + "'");
      }
      throw new IllegalArgumentException("'" + text + "' is not an instance list: write numbers and ranges such as"
          + " 0,2-5");
    }
    long value = Long.parseLong(s);
    checkId(value, text);
    return (int) value;
  }

  private static void checkId(long id, String text) {
    if (id < 0) {
      throw new IllegalArgumentException("instance numbers start at 0, got " + id + " in '" + text + "'");
    }
    if (id > MAX_INSTANCE_ID) {
      throw new IllegalArgumentException("instance " + id + " in '" + text + "' is above the highest instance"
          + " id, " + MAX_INSTANCE_ID + "; no job has that many instances");
    }
  }

  public boolean contains(int instanceId) {
    for (Range r : ranges) {
      if (instanceId < r.first()) {
        return false;
      }
      if (instanceId <= r.last()) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** How many ids the selection names. */
  public int size() {
    return ranges.stream().mapToInt(Range::size).sum();
  }

  /** Every id, in order; at most {@value #MAX_INSTANCE_ID} + 1 of them by construction. */
  public SortedSet<Integer> toSortedSet() {
    SortedSet<Integer> out = new TreeSet<>();
    for (Range r : ranges) {
      for (int i = r.first(); i <= r.last(); i++) {
        out.add(i);
      }
    }
    return out;
  }

  /** The compact form: {@code 0,2-5}; also the JSON form. */
  @JsonValue
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Range r : ranges) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(r.first());
      if (r.last() > r.first()) {
        sb.append('-').append(r.last());
      }
    }
    return sb.toString();
  }
}
