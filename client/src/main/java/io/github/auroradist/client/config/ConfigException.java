package io.github.auroradist.client.config;

/**
 * A configuration that cannot be used. The message names the file, the line and the
 * field when they are known ({@code hello.aurora:12: Resources.ram is required}).
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
