package io.github.auroradist.client.keys;

import io.github.auroradist.common.model.JobKey;
import java.util.regex.Pattern;

/** A job's address across clusters: {@code cluster/role/environment/name}. */
public record AuroraJobKey(String cluster, String role, String environment, String name) {
  private static final Pattern PART = Pattern.compile("[\\w\\-.]+");

  public AuroraJobKey {
    check("cluster", cluster);
    check("role", role);
    check("environment", environment);
    check("name", name);
  }

  private static void check(String what, String value) {
    if (value == null || !PART.matcher(value).matches()) {
      throw new IllegalArgumentException("job key " + what + " '" + value
          + "' may contain only letters, digits, _, - and .");
    }
  }

  /**
   * Parses {@code cluster/role/env/name}.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static AuroraJobKey parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + text + "' is not a job key: write"
          + " CLUSTER/ROLE/ENV/NAME, for example devcluster/www-data/devel/hello");
    }
    return new AuroraJobKey(parts[0], parts[1], parts[2], parts[3]);
  }

  /** {@code role/environment/name}, the key within a cluster. */
  public String path() {
    return role + "/" + environment + "/" + name;
  }

  /** The key within the cluster, as the scheduler's model names it. */
  public JobKey jobKey() {
    return new JobKey(role, environment, name);
  }

  @Override
  public String toString() {
    return cluster + "/" + path();
  }
}
