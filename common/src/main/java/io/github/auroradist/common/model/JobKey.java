package io.github.auroradist.common.model;

import java.util.regex.Pattern;

/** A job's identity: {@code role/environment/name}, each part made of word characters, '-' and '.'. */
public record JobKey(String role, String environment, String name) implements Comparable<JobKey> {
  /** Characters Aurora allows in each part of a job key. */
  public static final Pattern PART = Pattern.compile("[\\w\\-.]+");

  public JobKey {
    checkPart("role", role);
    checkPart("environment", environment);
    checkPart("name", name);
  }

  static void checkPart(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("job key " + field + " is missing; give a non-empty "
          + field + " made of letters, digits, '_', '-' and '.'");
    }
    if (!PART.matcher(value).matches()) {
      throw new IllegalArgumentException("job key " + field + " '" + value + "' has characters"
          + " that are not allowed; use only letters, digits, '_', '-' and '.'");
    }
  }

  /** Parses {@code role/env/name}. */
  public static JobKey parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("'" + text + "' is not a job key; write role/environment/name");
    }
    return new JobKey(parts[0], parts[1], parts[2]);
  }

  /** The {@code role/env/name} form. */
  public String path() {
    return role + "/" + environment + "/" + name;
  }

  @Override
  public int compareTo(JobKey o) {
    return path().compareTo(o.path());
  }

  @Override
  public String toString() {
    return path();
  }
}
