package io.github.auroradist.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Set;
import java.util.TreeSet;

/**
 * A placement rule on an agent attribute (or {@code host}). Exactly one of {@code value} and
 * {@code limit} is set. The attribute {@value #DEDICATED} reserves hosts for a role.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Constraint(String name, ValueConstraint value, LimitConstraint limit) {
  public static final String DEDICATED = "dedicated";
  public static final String HOST = "host";

  /** The attribute must (or, when negated, must not) have one of {@code values}. */
  public record ValueConstraint(boolean negated, Set<String> values) {
    public ValueConstraint {
      values = values == null ? Set.of() : Set.copyOf(new TreeSet<>(values));
    }
  }

  /** At most {@code limit} active tasks of the job may share one value of the attribute. */
  public record LimitConstraint(int limit) {
  }

  public Constraint {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("constraint name is missing; name the agent attribute it applies to");
    }
    if ((value == null) == (limit == null)) {
      throw new IllegalArgumentException("constraint '" + name + "' must have exactly one of 'value' and 'limit'");
    }
    if (value != null && value.values().isEmpty()) {
      throw new IllegalArgumentException("constraint '" + name + "' has no values; list at least one");
    }
    if (limit != null && limit.limit() < 1) {
      throw new IllegalArgumentException("constraint '" + name + "' has limit " + limit.limit()
          + "; a limit must be at least 1");
    }
  }

  public static Constraint value(String name, boolean negated, String... values) {
    return new Constraint(name, new ValueConstraint(negated, Set.of(values)), null);
  }

  public static Constraint limit(String name, int limit) {
    return new Constraint(name, null, new LimitConstraint(limit));
  }

  /**
   * Parses the {@code .aurora} job form: {@code 'v1,v2'}, {@code '!v'} or {@code 'limit:N'}.
   */
  public static Constraint parse(String name, String text) {
    String t = text == null ? "" : text.trim();
    if (t.startsWith("limit:")) {
      try {
        return limit(name, Integer.parseInt(t.substring("limit:".length()).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("constraint '" + name + "' value '" + text
            + "' is not a limit; write limit:N with a whole number N");
      }
    }
    boolean negated = t.startsWith("!");
    String body = negated ? t.substring(1) : t;
    Set<String> values = new TreeSet<>();
    // -1 keeps every piece; blank ones (from "a,,b" or a trailing comma) are skipped below.
    for (String v : body.split(",", -1)) {
      if (!v.isBlank()) {
        values.add(v.trim());
      }
    }
    return new Constraint(name, new ValueConstraint(negated, values), null);
  }

  @JsonIgnore
  public boolean isDedicated() {
    return DEDICATED.equals(name);
  }
}
