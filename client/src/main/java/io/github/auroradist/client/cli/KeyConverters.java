package io.github.auroradist.client.cli;

import io.github.auroradist.client.keys.TaskInstanceKey;
import io.github.auroradist.client.keys.AuroraJobKey;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for job keys; a bad key is an invalid parameter (exit 6). */
final class KeyConverters {
  private KeyConverters() {}

  static final class AuroraJobKeyConverter implements ITypeConverter<AuroraJobKey> {
    @Override
    public AuroraJobKey convert(String value) {
      try {
        return AuroraJobKey.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class TaskInstanceKeyConverter implements ITypeConverter<TaskInstanceKey> {
    @Override
    public TaskInstanceKey convert(String value) {
      try {
        return TaskInstanceKey.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
