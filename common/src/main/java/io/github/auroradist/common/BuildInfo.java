package io.github.auroradist.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and git commit this distribution was built from. Every part reports the same one
 * ({@code aurora --version}, the scheduler's {@code /vars}, the packages' versions) because the build
 * writes it once, into common's {@code build.properties}.
 *
 * @param version the Maven version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}
 * @param commit the full git commit id, or {@code unknown} for a build outside a git checkout
 * @param commitTime the commit's time in UTC (ISO-8601), or {@code unknown}
 */
public record BuildInfo(String version, String commit, String commitTime) {
  public static final String UNKNOWN = "unknown";
  private static final BuildInfo CURRENT = load();

  public static BuildInfo current() {
    return CURRENT;
  }

  /** One line, e.g. {@code 0.1.0 (commit 0123abcd..., 2026-12-06T10:00:00Z)}. */
  public String describe() {
    return version + " (commit " + commit + ", " + commitTime + ")";
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read build.properties from the aurora-common jar", e);
    }
    return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")),
        known(p.getProperty("commitTime")));
  }

  /** A property Maven did not fill in (no git checkout) stays as its ${...} placeholder. */
  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value;
  }
}
