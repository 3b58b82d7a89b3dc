package io.github.auroradist.common.thermos.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.json.JsonTrees;
import io.github.auroradist.common.json.RandomJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link ThermosConfigReader} maps a configuration onto the records as databind's {@code treeToValue} (unknown
 * fields ignored), the executor's mapping before it, did: for random configurations whose fields are of the right
 * kind, of a kind databind converts (text for numbers, numbers for text, fractions for integers ...), or of a
 * wrong one, both give the same records or both refuse.
 */
class ThermosConfigReaderPropertiesTest {
  private static final ObjectMapper DATABIND = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Whether this try's values may be of a kind databind refuses; otherwise only the right kinds and conversions. */
  private static final ThreadLocal<Boolean> WILD = ThreadLocal.withInitial(() -> false);

  @Property(tries = 1000)
  void mapsAsDatabind(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    WILD.set(random.nextInt(3) == 0);
    mapsAsDatabind("configuration", JsonTrees.toJson(taskInstance(random)), TaskInstanceConfig.class,
        ThermosConfigReader::taskInstance);
  }

  @Property(tries = 300)
  void mapsAnnouncersAsDatabind(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    WILD.set(random.nextInt(3) == 0);
    mapsAsDatabind("announcer", JsonTrees.toJson(announce(random)), AnnouncerConfig.class,
        ThermosConfigReader::announcer);
  }

  /** The reader maps {@code json} to what databind maps it to, or both refuse it. */
  private static <T> void mapsAsDatabind(String label, String json, Class<T> type, Function<Object, T> reader)
      throws Exception {
    Object expected;
    try {
      expected = DATABIND.treeToValue(DATABIND.readTree(json), type);
    } catch (Exception e) {
      expected = "refused";
    }
    Object actual;
    try {
      actual = reader.apply(JsonTrees.parse(json));
    } catch (IllegalArgumentException e) {
      actual = "refused";
    }
    Statistics.label(label).collect(expected instanceof String ? "refused by both" : "mapped by both");
    assertThat(actual).as(json).isEqualTo(expected);
  }

  private static Map<String, Object> taskInstance(Random r) {
    Map<String, Object> o = new LinkedHashMap<>();
    put(r, o, "task", task(r));
    put(r, o, "name", text(r));
    put(r, o, "role", text(r));
    put(r, o, "environment", text(r));
    put(r, o, "cluster", text(r));
    put(r, o, "instance", integer(r));
    put(r, o, "health_check_config", obj(r, ThermosConfigReaderPropertiesTest::healthCheck));
    put(r, o, "lifecycle", obj(r, ThermosConfigReaderPropertiesTest::lifecycle));
    put(r, o, "announce", announce(r));
    put(r, o, "unknown_field", RandomJson.value(r, 2));
    return o;
  }

  private static Object task(Random r) {
    return obj(r, x -> {
      Map<String, Object> o = new LinkedHashMap<>();
      put(x, o, "name", text(x));
      put(x, o, "processes", list(x, ThermosConfigReaderPropertiesTest::process));
      put(x, o, "constraints", list(x, y -> obj(y, z -> {
        Map<String, Object> c = new LinkedHashMap<>();
        put(z, c, "order", list(z, ThermosConfigReaderPropertiesTest::text));
        return c;
      })));
      put(x, o, "resources", obj(x, y -> {
        Map<String, Object> res = new LinkedHashMap<>();
        put(y, res, "cpu", decimal(y));
        put(y, res, "ram", longInteger(y));
        put(y, res, "disk", longInteger(y));
        put(y, res, "gpu", integer(y));
        return res;
      }));
      put(x, o, "max_failures", integer(x));
      put(x, o, "max_concurrency", integer(x));
      put(x, o, "finalization_wait", integer(x));
      return o;
    });
  }

  private static Object process(Random r) {
    return obj(r, x -> {
      Map<String, Object> o = new LinkedHashMap<>();
      put(x, o, "name", text(x));
      put(x, o, "cmdline", text(x));
      put(x, o, "max_failures", integer(x));
      put(x, o, "daemon", bool(x));
      put(x, o, "ephemeral", bool(x));
      put(x, o, "min_duration", integer(x));
      put(x, o, "final", bool(x));
      put(x, o, "logger", obj(x, y -> {
        Map<String, Object> l = new LinkedHashMap<>();
        put(y, l, "destination", wild(y) ? text(y) : pick(y, "file", "console", "BOTH", "none"));
        put(y, l, "mode", wild(y) ? text(y) : pick(y, "standard", "rotate", "Rotate"));
        put(y, l, "rotate", obj(y, z -> {
          Map<String, Object> rot = new LinkedHashMap<>();
          put(z, rot, "log_size", longInteger(z));
          put(z, rot, "backups", integer(z));
          return rot;
        }));
        return l;
      }));
      return o;
    });
  }

  private static Map<String, Object> healthCheck(Random r) {
    Map<String, Object> o = new LinkedHashMap<>();
    put(r, o, "health_checker", obj(r, x -> {
      Map<String, Object> hc = new LinkedHashMap<>();
      put(x, hc, "http", obj(x, y -> {
        Map<String, Object> h = new LinkedHashMap<>();
        put(y, h, "endpoint", text(y));
        put(y, h, "expected_response", text(y));
        put(y, h, "expected_response_code", integer(y));
        return h;
      }));
      put(x, hc, "shell", obj(x, y -> {
        Map<String, Object> s = new LinkedHashMap<>();
        put(y, s, "shell_command", text(y));
        return s;
      }));
      return hc;
    }));
    put(r, o, "initial_interval_secs", decimal(r));
    put(r, o, "interval_secs", decimal(r));
    put(r, o, "max_consecutive_failures", integer(r));
    put(r, o, "min_consecutive_successes", integer(r));
    put(r, o, "timeout_secs", decimal(r));
    return o;
  }

  private static Map<String, Object> lifecycle(Random r) {
    Map<String, Object> o = new LinkedHashMap<>();
    put(r, o, "http", obj(r, x -> {
      Map<String, Object> h = new LinkedHashMap<>();
      put(x, h, "port", text(x));
      put(x, h, "graceful_shutdown_endpoint", text(x));
      put(x, h, "shutdown_endpoint", text(x));
      put(x, h, "graceful_shutdown_wait_secs", integer(x));
      put(x, h, "shutdown_wait_secs", integer(x));
      return h;
    }));
    return o;
  }

  private static Object announce(Random r) {
    return obj(r, x -> {
      Map<String, Object> o = new LinkedHashMap<>();
      put(x, o, "primary_port", text(x));
      put(x, o, "portmap", obj(x, y -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = y.nextInt(4); i > 0; i--) {
          m.put(RandomJson.text(y), text(y));
        }
        return m;
      }));
      put(x, o, "zk_path", text(x));
      return o;
    });
  }

  /** Leaves the field out a quarter of the time. */
  private static void put(Random r, Map<String, Object> o, String field, Object value) {
    if (r.nextInt(4) != 0) {
      o.put(field, value);
    }
  }

  /** In a wild try, true a tenth of the time: the value drawn next may be of any kind. */
  private static boolean wild(Random r) {
    return WILD.get() && r.nextInt(10) == 0;
  }

  private static Object obj(Random r, Function<Random, Object> fields) {
    if (!wild(r)) {
      return r.nextInt(10) == 0 ? null : fields.apply(r);
    }
    return switch (r.nextInt(20)) {
      case 0 -> null;
      case 1 -> RandomJson.scalar(r);
      case 2 -> List.of();
      default -> fields.apply(r);
    };
  }

  private static Object list(Random r, Function<Random, Object> element) {
    if (wild(r)) {
      return r.nextBoolean() ? null : RandomJson.scalar(r);
    }
    List<Object> items = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      items.add(element.apply(r));
    }
    return items;
  }

  /** Text, or what databind turns into text, or (rarely) a structure, which it refuses. */
  private static Object text(Random r) {
    return switch (r.nextInt(wild(r) ? 12 : 11)) {
      case 0 -> null;
      case 1 -> RandomJson.number(r);
      case 2 -> r.nextBoolean();
      case 11 -> r.nextBoolean() ? List.of("x") : Map.of("k", "v");
      default -> RandomJson.text(r);
    };
  }

  private static Object integer(Random r) {
    if (!wild(r)) {
      return switch (r.nextInt(8)) {
        case 0 -> null;
        case 1 -> String.valueOf(r.nextInt(100));
        case 2 -> pick(r, "", " ", "null", " 12 ", "7");
        case 3 -> r.nextInt(400) / 4.0;
        default -> r.nextInt(100);
      };
    }
    return switch (r.nextInt(14)) {
      case 0 -> null;
      case 1 -> String.valueOf(r.nextInt(100) - 10);
      case 2 -> pick(r, "", " ", "null", " 12 ", "1.5", "x", "+3", "2147483648", "-7");
      case 3 -> (r.nextInt(400) - 100) / 4.0;
      case 4 -> r.nextBoolean() ? 3_000_000_000L : 1e12;
      case 5 -> r.nextBoolean();
      case 6 -> Map.of();
      default -> r.nextInt(100) - 10;
    };
  }

  private static Object longInteger(Random r) {
    if (!wild(r)) {
      return switch (r.nextInt(7)) {
        case 0 -> null;
        case 1 -> String.valueOf(1 + r.nextInt(1 << 30));
        case 2 -> (1 + r.nextInt(4000)) / 4.0;
        case 3 -> 1L + Integer.MAX_VALUE + r.nextInt(1000);
        default -> r.nextInt(1 << 20) + 1;
      };
    }
    return switch (r.nextInt(12)) {
      case 0 -> null;
      case 1 -> String.valueOf(r.nextLong());
      case 2 -> pick(r, "", "null", " 12 ", "1.5", "x", "9223372036854775808");
      case 3 -> (r.nextInt(4000) - 100) / 4.0;
      case 4 -> RandomJson.number(r);
      case 5 -> r.nextBoolean();
      default -> r.nextInt(1 << 20) + 1;
    };
  }

  private static Object decimal(Random r) {
    if (!wild(r)) {
      return switch (r.nextInt(6)) {
        case 0 -> null;
        case 1 -> String.valueOf((1 + r.nextInt(400)) / 8.0);
        case 2 -> 1 + r.nextInt(60);
        case 3 -> pick(r, "", "null", " 2.5 ", "7", "1e3");
        default -> (1 + r.nextInt(400)) / 8.0;
      };
    }
    return switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> String.valueOf((r.nextInt(400) - 100) / 8.0);
      case 2 -> pick(r, "", "null", " 2.5 ", "x", "7", "1e3", "NaN");
      case 3 -> r.nextInt(60) - 5;
      case 4 -> r.nextBoolean();
      default -> (r.nextInt(400) - 100) / 8.0;
    };
  }

  private static Object bool(Random r) {
    if (!wild(r)) {
      return switch (r.nextInt(6)) {
        case 0 -> null;
        case 1 -> pick(r, "true", "True", "FALSE", "false", "", " ", "null", " true ");
        case 2 -> r.nextInt(3);
        default -> r.nextBoolean();
      };
    }
    return switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> pick(r, "true", "True", "FALSE", "false", "", " ", "null", "yes", " true ", "tRUE");
      case 2 -> r.nextInt(3);
      case 3 -> 1.0;
      case 4 -> List.of(true);
      default -> r.nextBoolean();
    };
  }

  private static Object pick(Random r, Object... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
