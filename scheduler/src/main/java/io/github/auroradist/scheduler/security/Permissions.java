package io.github.auroradist.scheduler.security;

import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.scheduler.api.ApiException;

/**
 * The Shiro permissions Aurora checks, so that an Aurora security.ini grants the same here: a job's action is
 * {@code thrift.AuroraSchedulerManager:<method>:<role>:<environment>:<name>}, an operator's
 * {@code thrift.AuroraAdmin:<method>}, with Aurora's method names (docs/security.md has the table).
 */
public final class Permissions {
  static final String JOBS = "thrift.AuroraSchedulerManager";
  static final String ADMIN = "thrift.AuroraAdmin";

  private Permissions() {
  }

  /** The permission of Aurora's scheduler-manager {@code method} on the job {@code key}. */
  public static String job(String method, JobKey key) {
    if (key == null) {
      throw ApiException.invalid("key: give the job key {role, environment, name}");
    }
    return JOBS + ":" + method + ":" + part("role", key.role()) + ":" + part("environment", key.environment()) + ":"
        + part("name", key.name());
  }

  /** The permission of Aurora's admin {@code method}. */
  public static String admin(String method) {
    return ADMIN + ":" + method;
  }

  /** A key part that would change the permission's shape (a wildcard, a separator) never names a job. */
  private static String part(String field, String value) {
    if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c == ':' || c == ',' || c == '*')) {
      throw ApiException.invalid("key." + field + ": '" + value + "' is not a job key part (no ':', ',' or '*')");
    }
    return value;
  }
}
