package io.github.auroradist.common.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A job's identity: {@code role/environment/name}, each part made of word characters, '-' and '.'. */
public record JobKey(String role, String environment, String name) implements Comparable<JobKey> {
  /** Characters Aurora allows in each part of a job key. */
  public static final Pattern PART = Pattern.compile("[\\w\\-.]+");
  /**
   * The longest role, environment and name together that a new job may have. A task id is
   * {@code role-env-name-instance-uuid} and Mesos puts {@code thermos-<task id>} in the sandbox path
   * as one directory name, which file systems cap at 255 bytes: 8 + 200 + 3 + 5 + 1 + 36 = 253.
   */
  public static final int MAX_KEY_LENGTH = 200;

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

  /**
   * What keeps this key from naming a new job, empty when nothing does. Checked when a job is
   * created (the constructor stays lenient so that jobs stored before these rules still load): a
   * part may not be {@code .} or {@code ..} (no URL or sandbox path could name it), and the parts
   * together may not pass {@link #MAX_KEY_LENGTH} characters.
   */
  public List<String> problemsForNewJob() {
    List<String> problems = new ArrayList<>();
    for (String[] part : new String[][] {{"role", role}, {"environment", environment}, {"name", name}}) {
      if (part[1].equals(".") || part[1].equals("..")) {
        problems.add("job key " + part[0] + " '" + part[1] + "' is not allowed: '.' and '..' cannot be part of a"
            + " URL or a sandbox path; choose a name with a letter or digit");
      }
    }
    int length = role.length() + environment.length() + name.length();
    if (length > MAX_KEY_LENGTH) {
      problems.add("job key " + path() + " is too long: role, environment and name have " + length
          + " characters together, at most " + MAX_KEY_LENGTH + " fit in a Mesos sandbox path; use shorter names");
    }
    return problems;
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
