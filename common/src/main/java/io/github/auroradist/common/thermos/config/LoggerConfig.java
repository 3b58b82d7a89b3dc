package io.github.auroradist.common.thermos.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Aurora's {@code Logger}: where a process's stdout/stderr go and whether they rotate. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoggerConfig(
    @JsonProperty("destination") String destination,
    @JsonProperty("mode") String mode,
    @JsonProperty("rotate") RotatePolicy rotate) {

  /** file, console, both or none. */
  public enum Destination { FILE, CONSOLE, BOTH, NONE }

  /** standard (one file per run) or rotate (by size, keeping backups). */
  public enum Mode { STANDARD, ROTATE }

  public LoggerConfig {
    destination = destination == null ? "file" : destination.toLowerCase(Locale.ROOT);
    mode = mode == null ? "standard" : mode.toLowerCase(Locale.ROOT);
    rotate = rotate == null ? new RotatePolicy(null, null) : rotate;
    parse(Destination.class, "destination", destination);
    parse(Mode.class, "mode", mode);
  }

  public static LoggerConfig standard() {
    return new LoggerConfig(null, null, null);
  }

  public static LoggerConfig rotating(long logSize, int backups) {
    return new LoggerConfig("file", "rotate", new RotatePolicy(logSize, backups));
  }

  public Destination destinationKind() {
    return parse(Destination.class, "destination", destination);
  }

  public Mode modeKind() {
    return parse(Mode.class, "mode", mode);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder allowed = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException("logger " + field + " '" + value + "' is not known; use one of "
          + allowed);
    }
  }
}
