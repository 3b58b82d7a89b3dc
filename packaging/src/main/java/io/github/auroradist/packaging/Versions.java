package io.github.auroradist.packaging;

/** Turns the Maven version into package versions. */
public final class Versions {
  private Versions() {}

  /**
   * 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT: in both dpkg and rpm ordering a tilde sorts before
   * the release it precedes, so 0.1.0 upgrades a snapshot.
   */
  public static String packageVersion(String mavenVersion) {
    String v = mavenVersion.replace('-', '~');
    if (!v.matches("[0-9][A-Za-z0-9.+~]*")) {
      throw new IllegalArgumentException("version '" + mavenVersion + "' cannot be a package version");
    }
    return v;
  }

  static final String RPM_RELEASE = "1";
}
