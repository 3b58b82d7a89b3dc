package io.github.auroradist.common.thermos.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.auroradist.common.json.JsonTrees;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads checkpoint records with jackson-core's streaming generator and parser, so the executor never
 * loads jackson-databind. It writes the bytes databind wrote for {@link CheckpointRecord}'s annotations: the
 * {@code type} first, then the fields in the records' order, a null field left out. It reads what databind reads
 * from such lines: fields in any order, unknown ones skipped, an absent number 0 (but not databind's conversions of
 * text to numbers, which no writer of these files uses). {@code CheckpointCodecPropertiesTest} checks both against
 * databind for generated records.
 */
public final class CheckpointCodec {
  private CheckpointCodec() {}

  /** One record as a line of JSON, without the newline. */
  public static String encode(CheckpointRecord record) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonTrees.factory().createGenerator(out)) {
      g.writeStartObject();
      if (record instanceof CheckpointRecord.Header h) {
        g.writeStringField("type", "header");
        g.writeNumberField("version", h.version());
        string(g, "task_id", h.taskId());
        g.writeNumberField("launch_time_ms", h.launchTimeMs());
        string(g, "hostname", h.hostname());
        string(g, "user", h.user());
        string(g, "role", h.role());
        string(g, "environment", h.environment());
        string(g, "job_name", h.jobName());
        if (h.instance() != null) {
          g.writeNumberField("instance", h.instance());
        }
        string(g, "sandbox", h.sandbox());
        string(g, "log_dir", h.logDir());
        g.writeFieldName("ports");
        JsonTrees.write(g, h.ports());
        if (h.executorPid() != null) {
          g.writeNumberField("executor_pid", h.executorPid());
        }
        if (h.config() != null) {
          g.writeFieldName("config");
          JsonTrees.write(g, h.config());
        }
      } else if (record instanceof CheckpointRecord.TaskStatus t) {
        g.writeStringField("type", "task_status");
        string(g, "state", t.state() == null ? null : t.state().name());
        g.writeNumberField("time_ms", t.timeMs());
        string(g, "message", t.message());
      } else if (record instanceof CheckpointRecord.ProcessStatus p) {
        g.writeStringField("type", "process_status");
        string(g, "process", p.process());
        g.writeNumberField("run", p.run());
        string(g, "state", p.state() == null ? null : p.state().name());
        g.writeNumberField("time_ms", p.timeMs());
        if (p.pid() != null) {
          g.writeNumberField("pid", p.pid());
        }
        if (p.returnCode() != null) {
          g.writeNumberField("return_code", p.returnCode());
        }
        string(g, "message", p.message());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode checkpoint record " + record, e);
    }
    return out.toString();
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  /**
   * Reads one line.
   *
   * @throws IOException when the line is not JSON or not a checkpoint record, saying why
   */
  public static CheckpointRecord decode(String line) throws IOException {
    Object tree = JsonTrees.parse(line);
    Map<String, Object> o = JsonTrees.asObject(tree);
    if (o == null) {
      throw new IOException("a record must be a JSON object, not " + JsonTrees.kind(tree));
    }
    if (!(o.get("type") instanceof String type)) {
      throw new IOException("the record has no 'type'");
    }
    return switch (type) {
      case "header" -> new CheckpointRecord.Header(integer(o, "version", 0), text(o, "task_id"),
          whole(o, "launch_time_ms", 0L), text(o, "hostname"), text(o, "user"), text(o, "role"),
          text(o, "environment"), text(o, "job_name"), integer(o, "instance", null), text(o, "sandbox"),
          text(o, "log_dir"), ports(o.get("ports")), whole(o, "executor_pid", null), config(o.get("config")));
      case "task_status" -> new CheckpointRecord.TaskStatus(state(TaskState.class, o.get("state")),
          whole(o, "time_ms", 0L), text(o, "message"));
      case "process_status" -> new CheckpointRecord.ProcessStatus(text(o, "process"), integer(o, "run", 0),
          state(ProcessState.class, o.get("state")), whole(o, "time_ms", 0L), whole(o, "pid", null),
          integer(o, "return_code", null), text(o, "message"));
      default -> throw new IOException("'" + type + "' is not a checkpoint record type");
    };
  }

  private static String text(Map<String, Object> o, String field) throws IOException {
    Object v = o.get(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof Map || v instanceof java.util.List) {
      throw new IOException(field + " must be text");
    }
    return JsonTrees.scalarText(v);
  }

  private static Integer integer(Map<String, Object> o, String field, Integer absent) throws IOException {
    Object v = o.get(field);
    if (v == null) {
      return absent;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw new IOException(field + " must be a whole number in the range of int");
  }

  private static Long whole(Map<String, Object> o, String field, Long absent) throws IOException {
    Object v = o.get(field);
    if (v == null) {
      return absent;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    throw new IOException(field + " must be a whole number in the range of long");
  }

  private static <E extends Enum<E>> E state(Class<E> type, Object v) throws IOException {
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, String.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw new IOException("'" + v + "' is not a " + type.getSimpleName());
    }
  }

  private static Map<String, Integer> ports(Object v) throws IOException {
    if (v == null) {
      return null;
    }
    Map<String, Object> o = JsonTrees.asObject(v);
    if (o == null) {
      throw new IOException("ports must be an object");
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : o.entrySet()) {
      ports.put(e.getKey(), integer(o, e.getKey(), null));
    }
    return ports;
  }

  private static Map<String, Object> config(Object v) throws IOException {
    if (v == null) {
      return null;
    }
    Map<String, Object> o = JsonTrees.asObject(v);
    if (o == null) {
      throw new IOException("config must be an object");
    }
    return o;
  }
}
