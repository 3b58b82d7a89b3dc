package io.github.auroradist.common.thermos.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.auroradist.common.json.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where checkpoints live and how to read them. A task's checkpoint is
 * {@code <run dir>/checkpoints/<task id>.ckpt}: one JSON object per line, appended, the first
 * being the {@link CheckpointRecord.Header}.
 */
public final class Checkpoints {
  /** The format version this code writes and the newest it reads. */
  public static final int VERSION = 1;
  public static final String DIRECTORY = "checkpoints";
  public static final String SUFFIX = ".ckpt";

  private Checkpoints() {}

  /** databind's reader, made only by a reader that uses it (the executor never does). */
  private static final class Databind {
    static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /** The mapper the observer's readers use; records written by {@link CheckpointCodec} read the same with it. */
  public static ObjectMapper mapper() {
    return Databind.MAPPER;
  }

  /**
   * A header's bound configuration as databind's tree (null when it has none), for readers that walk it so: the
   * tree {@code readTree} gives for the same JSON.
   */
  public static JsonNode configTree(CheckpointRecord.Header header) {
    return header.config() == null ? null : Databind.MAPPER.valueToTree(header.config());
  }

  /** How one line becomes a record; throws with the reason a line is not one. */
  private interface LineDecoder {
    CheckpointRecord decode(String line) throws IOException;
  }

  public static Path directory(Path runDirectory) {
    return runDirectory.resolve(DIRECTORY);
  }

  /** The checkpoint file of {@code taskId} under a run directory. */
  public static Path file(Path runDirectory, String taskId) {
    return directory(runDirectory).resolve(fileName(taskId));
  }

  /** Task ids become file names; anything but word characters, '-' and '.' becomes '_'. */
  public static String fileName(String taskId) {
    String safe = taskId.replaceAll("[^\\w.\\-]", "_");
    if (safe.startsWith(".")) {
      safe = "_" + safe.substring(1);
    }
    return safe + SUFFIX;
  }

  /** The checkpoint files under a run directory (usually one). */
  public static List<Path> list(Path runDirectory) throws IOException {
    Path dir = directory(runDirectory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
          .sorted().toList();
    }
  }

  static String encode(CheckpointRecord record) {
    return CheckpointCodec.encode(record);
  }

  /**
   * Rebuilds a task's state from its checkpoint file, reading each line with databind. A last line without its
   * newline (a write cut short by a crash) is ignored; any other bad line is an error naming the line.
   *
   * @throws CheckpointException when the file has no header, a corrupt record, or a newer version
   */
  public static TaskCheckpoint read(Path file) throws IOException {
    return read(file, line -> {
      try {
        return Databind.MAPPER.readValue(line, CheckpointRecord.class);
      } catch (JsonProcessingException e) {
        throw new IOException(e.getOriginalMessage(), e);
      }
    });
  }

  /** As {@link #read(Path)}, reading each line with {@link CheckpointCodec}: jackson-core alone, for the executor. */
  public static TaskCheckpoint readStreaming(Path file) throws IOException {
    return read(file, CheckpointCodec::decode);
  }

  private static TaskCheckpoint read(Path file, LineDecoder decoder) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean tornTail = !text.isEmpty() && !text.endsWith("\n");
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    lines.remove(lines.size() - 1); // the partial line after the last newline (empty when intact)

    CheckpointRecord.Header header = null;
    TaskState state = null;
    List<CheckpointRecord.TaskStatus> history = new ArrayList<>();
    Map<String, List<ProcessRun>> processes = new LinkedHashMap<>();
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      CheckpointRecord record;
      try {
        record = decoder.decode(line);
      } catch (IOException e) {
        throw new CheckpointException(file + " line " + (i + 1) + " is not a checkpoint record ("
            + e.getMessage() + "); the file is corrupt");
      }
      count++;
      if (record instanceof CheckpointRecord.Header h) {
        if (header != null) {
          throw new CheckpointException(file + " line " + (i + 1) + " is a second header");
        }
        if (h.version() > VERSION) {
          throw new CheckpointException(file + " is checkpoint format version " + h.version()
              + " but this reader knows versions up to " + VERSION + "; upgrade the reader");
        }
        header = h;
        for (Map.Entry<String, List<ProcessRun>> e : initialProcesses(h).entrySet()) {
          processes.put(e.getKey(), e.getValue());
        }
      } else if (header == null) {
        throw new CheckpointException(file + " does not start with a header record");
      } else if (record instanceof CheckpointRecord.TaskStatus t) {
        state = t.state();
        history.add(t);
      } else if (record instanceof CheckpointRecord.ProcessStatus p) {
        List<ProcessRun> runs = processes.computeIfAbsent(p.process(), k -> new ArrayList<>());
        while (runs.size() <= p.run()) {
          runs.add(ProcessRun.waiting(p.process(), runs.size()));
        }
        runs.set(p.run(), runs.get(p.run()).apply(p));
      }
    }
    if (header == null) {
      throw new CheckpointException(file + " has no header record yet");
    }
    Map<String, List<ProcessRun>> frozen = new LinkedHashMap<>();
    processes.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
    return new TaskCheckpoint(header, state, List.copyOf(history), Collections.unmodifiableMap(frozen),
        count, tornTail);
  }

  /** Every process named in the header's task config starts with no runs, in config order. */
  private static Map<String, List<ProcessRun>> initialProcesses(CheckpointRecord.Header header) {
    Map<String, List<ProcessRun>> result = new LinkedHashMap<>();
    Map<String, Object> task = header.config() == null ? null : JsonTrees.asObject(header.config().get("task"));
    if (task != null && task.get("processes") instanceof List<?> processes) {
      for (Object p : processes) {
        Map<String, Object> process = JsonTrees.asObject(p);
        if (process != null && process.get("name") != null) {
          Object name = process.get("name");
          result.put(name instanceof Map || name instanceof List ? "" : JsonTrees.scalarText(name), new ArrayList<>());
        }
      }
    }
    return result;
  }
}
