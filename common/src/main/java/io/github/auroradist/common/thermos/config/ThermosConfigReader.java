package io.github.auroradist.common.thermos.config;

import io.github.auroradist.common.json.JsonTrees;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps a Thermos configuration's plain JSON tree ({@link JsonTrees}) onto the config records, accepting what
 * databind's {@code treeToValue} with unknown fields ignored accepted: a number or boolean where text is expected
 * is its text; text, after trimming, where a number or boolean is ("" and "null" being absent); an integer where a
 * boolean is (0 false); a fraction where an integer is (truncated); JSON null as absent. Anything else (an object
 * where a value is expected, a number out of the field's range) fails. {@code ThermosConfigReaderPropertiesTest} checks
 * this against databind for generated configurations, so the two do not drift.
 */
final class ThermosConfigReader {
  private ThermosConfigReader() {}

  /**
   * @throws IllegalArgumentException naming the field that does not match Aurora's schema
   */
  static TaskInstanceConfig taskInstance(Object tree) {
    Map<String, Object> o = object(tree, "the configuration");
    if (o == null) {
      return null;
    }
    return build("TaskInstanceConfig", () -> new TaskInstanceConfig(
        taskConfig(o.get("task")), string(o, "name"), string(o, "role"), string(o, "environment"),
        string(o, "cluster"), integer(o, "instance"), healthCheck(o.get("health_check_config")),
        lifecycle(o.get("lifecycle")), announcer(o.get("announce"))));
  }

  static AnnouncerConfig announcer(Object tree) {
    Map<String, Object> o = object(tree, "announce");
    if (o == null) {
      return null;
    }
    Map<String, String> portmap = stringMap(o.get("portmap"), "portmap");
    return build("AnnouncerConfig", () -> new AnnouncerConfig(string(o, "primary_port"), portmap,
        string(o, "zk_path")));
  }

  private static TaskConfig taskConfig(Object tree) {
    Map<String, Object> o = object(tree, "task");
    if (o == null) {
      return null;
    }
    List<ProcessConfig> processes = list(o.get("processes"), "processes", ThermosConfigReader::process);
    List<OrderConstraint> constraints = list(o.get("constraints"), "constraints", ThermosConfigReader::constraint);
    return build("TaskConfig", () -> new TaskConfig(string(o, "name"), processes, constraints,
        resources(o.get("resources")), integer(o, "max_failures"), integer(o, "max_concurrency"),
        integer(o, "finalization_wait")));
  }

  private static ProcessConfig process(Object tree) {
    Map<String, Object> o = object(tree, "process");
    if (o == null) {
      return null;
    }
    return build("ProcessConfig", () -> new ProcessConfig(string(o, "name"), string(o, "cmdline"),
        integer(o, "max_failures"), bool(o, "daemon"), bool(o, "ephemeral"), integer(o, "min_duration"),
        bool(o, "final"), logger(o.get("logger"))));
  }

  private static OrderConstraint constraint(Object tree) {
    Map<String, Object> o = object(tree, "constraint");
    if (o == null) {
      return null;
    }
    List<String> order = list(o.get("order"), "order", v -> text(v, "order"));
    return build("OrderConstraint", () -> new OrderConstraint(order));
  }

  private static ResourcesConfig resources(Object tree) {
    Map<String, Object> o = object(tree, "resources");
    if (o == null) {
      return null;
    }
    return build("ResourcesConfig", () -> new ResourcesConfig(decimal(o, "cpu"), longInteger(o, "ram"),
        longInteger(o, "disk"), integer(o, "gpu")));
  }

  private static LoggerConfig logger(Object tree) {
    Map<String, Object> o = object(tree, "logger");
    if (o == null) {
      return null;
    }
    return build("LoggerConfig", () -> new LoggerConfig(string(o, "destination"), string(o, "mode"),
        rotate(o.get("rotate"))));
  }

  private static RotatePolicy rotate(Object tree) {
    Map<String, Object> o = object(tree, "rotate");
    if (o == null) {
      return null;
    }
    return build("RotatePolicy", () -> new RotatePolicy(longInteger(o, "log_size"), integer(o, "backups")));
  }

  private static HealthCheckConfig healthCheck(Object tree) {
    Map<String, Object> o = object(tree, "health_check_config");
    if (o == null) {
      return null;
    }
    return build("HealthCheckConfig", () -> new HealthCheckConfig(healthChecker(o.get("health_checker")),
        decimal(o, "initial_interval_secs"), decimal(o, "interval_secs"), integer(o, "max_consecutive_failures"),
        integer(o, "min_consecutive_successes"), decimal(o, "timeout_secs")));
  }

  private static HealthCheckerConfig healthChecker(Object tree) {
    Map<String, Object> o = object(tree, "health_checker");
    if (o == null) {
      return null;
    }
    return build("HealthCheckerConfig", () -> new HealthCheckerConfig(httpChecker(o.get("http")),
        shellChecker(o.get("shell"))));
  }

  private static HttpHealthChecker httpChecker(Object tree) {
    Map<String, Object> o = object(tree, "http");
    if (o == null) {
      return null;
    }
    return build("HttpHealthChecker", () -> new HttpHealthChecker(string(o, "endpoint"),
        string(o, "expected_response"), integer(o, "expected_response_code")));
  }

  private static ShellHealthChecker shellChecker(Object tree) {
    Map<String, Object> o = object(tree, "shell");
    if (o == null) {
      return null;
    }
    return build("ShellHealthChecker", () -> new ShellHealthChecker(string(o, "shell_command")));
  }

  private static LifecycleConfig lifecycle(Object tree) {
    Map<String, Object> o = object(tree, "lifecycle");
    if (o == null) {
      return null;
    }
    return build("LifecycleConfig", () -> new LifecycleConfig(httpLifecycle(o.get("http"))));
  }

  private static HttpLifecycleConfig httpLifecycle(Object tree) {
    Map<String, Object> o = object(tree, "http");
    if (o == null) {
      return null;
    }
    return build("HttpLifecycleConfig", () -> new HttpLifecycleConfig(string(o, "port"),
        string(o, "graceful_shutdown_endpoint"), string(o, "shutdown_endpoint"),
        integer(o, "graceful_shutdown_wait_secs"), integer(o, "shutdown_wait_secs")));
  }

  /** Runs a record's constructor, whose checks (and null elements in copied lists) become schema errors. */
  private static <T> T build(String type, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot construct " + type + ": " + e, e);
    }
  }

  private static Map<String, Object> object(Object value, String field) {
    if (value == null) {
      return null;
    }
    Map<String, Object> o = JsonTrees.asObject(value);
    if (o == null) {
      throw mismatch(field, "an object", value);
    }
    return o;
  }

  private static <T> List<T> list(Object value, String field, Function<Object, T> element) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof List<?> items)) {
      throw mismatch(field, "a list", value);
    }
    List<T> result = new ArrayList<>(items.size());
    for (Object item : items) {
      result.add(element.apply(item));
    }
    return result;
  }

  private static Map<String, String> stringMap(Object value, String field) {
    Map<String, Object> o = object(value, field);
    if (o == null) {
      return null;
    }
    Map<String, String> result = new LinkedHashMap<>();
    o.forEach((k, v) -> result.put(k, text(v, field + "." + k)));
    return result;
  }

  private static String string(Map<String, Object> o, String field) {
    return text(o.get(field), field);
  }

  private static String text(Object value, String field) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Map || value instanceof List) {
      throw mismatch(field, "text", value);
    }
    return JsonTrees.scalarText(value);
  }

  /** Text where a number or boolean is expected: trimmed, and "" or "null" count as absent (null). */
  private static String numberText(Object value) {
    String text = ((String) value).trim();
    return text.isEmpty() || text.equals("null") ? null : text;
  }

  private static Integer integer(Map<String, Object> o, String field) {
    Long value = wholeNumber(o.get(field), field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    return value == null ? null : value.intValue();
  }

  private static Long longInteger(Map<String, Object> o, String field) {
    return wholeNumber(o.get(field), field, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private static Long wholeNumber(Object value, String field, long min, long max) {
    if (value == null) {
      return null;
    }
    long result;
    if (value instanceof Integer || value instanceof Long) {
      result = ((Number) value).longValue();
    } else if (value instanceof Double d) {
      if (!(d >= min && d <= max)) {
        throw outOfRange(field, value);
      }
      return (long) d.doubleValue();
    } else if (value instanceof String s) {
      String text = numberText(s);
      if (text == null) {
        return null;
      }
      try {
        result = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + ": '" + s + "' is not a whole number");
      }
    } else if (value instanceof BigInteger) {
      throw outOfRange(field, value);
    } else {
      throw mismatch(field, "a whole number", value);
    }
    if (result < min || result > max) {
      throw outOfRange(field, value);
    }
    return result;
  }

  private static Double decimal(Map<String, Object> o, String field) {
    Object value = o.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String s) {
      String text = numberText(s);
      if (text == null) {
        return null;
      }
      try {
        return Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + ": '" + s + "' is not a number");
      }
    }
    throw mismatch(field, "a number", value);
  }

  private static Boolean bool(Map<String, Object> o, String field) {
    Object value = o.get(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      return ((Number) value).longValue() != 0 || (value instanceof BigInteger b && b.signum() != 0);
    }
    if (value instanceof String s) {
      String text = numberText(s);
      if (text == null) {
        return null;
      }
      if (text.equals("true") || text.equals("True") || text.equals("TRUE")) {
        return true;
      }
      if (text.equals("false") || text.equals("False") || text.equals("FALSE")) {
        return false;
      }
      throw new IllegalArgumentException(field + ": '" + s + "' is not true or false");
    }
    throw mismatch(field, "true or false", value);
  }

  private static IllegalArgumentException mismatch(String field, String expected, Object value) {
    return new IllegalArgumentException(field + " must be " + expected + ", not " + JsonTrees.kind(value)
        + " " + JsonTrees.toJson(value));
  }

  private static IllegalArgumentException outOfRange(String field, Object value) {
    return new IllegalArgumentException(field + ": " + value + " is out of range");
  }
}
