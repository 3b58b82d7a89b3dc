package io.github.auroradist.scheduler.api.validation;

/** One thing wrong with a submitted request: the field (a JSON path like {@code taskConfig.resources.cpu}) and why. */
public record Problem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
