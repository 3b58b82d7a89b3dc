package io.github.auroradist.client.cli;

import io.github.auroradist.client.keys.InstanceKey;
import io.github.auroradist.client.keys.JobKey;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for job keys; a bad key is an invalid parameter (exit 6). */
final class KeyConverters {
  private KeyConverters() {}

  static final class JobKeyConverter implements ITypeConverter<JobKey> {
    @Override
    public JobKey convert(String value) {
      try {
        return JobKey.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class InstanceKeyConverter implements ITypeConverter<InstanceKey> {
    @Override
    public InstanceKey convert(String value) {
      try {
        return InstanceKey.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
