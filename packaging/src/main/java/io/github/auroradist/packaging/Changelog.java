package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The release notes in the checkout's CHANGELOG.md: the one source of the .deb's changelog and the
 * .rpm's %changelog, so both list the same releases and changes.
 *
 * @param releases newest first
 */
record Changelog(List<Release> releases) {
  static final String FILE = "CHANGELOG.md";
  private static final Pattern HEADING = Pattern.compile("## (\\S+) \\((unreleased|\\d{4}-\\d{2}-\\d{2})\\)");
  private static final Pattern WORDS = Pattern.compile("\\s+");
  private static final int DEB_WIDTH = 78;

  /** One release; {@code date} is null while it is unreleased (a snapshot build takes the build time). */
  record Release(String version, LocalDate date, List<String> changes) {}

  static Changelog read(Path repo) throws IOException {
    Path file = repo.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: the packages' changelogs are made from it");
    }
    List<Release> releases = new ArrayList<>();
    List<String> changes = null;
    int n = 0;
    for (String line : Files.readAllLines(file)) {
      n++;
      Matcher heading = HEADING.matcher(line.strip());
      if (line.startsWith("## ")) {
        if (!heading.matches()) {
          throw new IOException(file + ":" + n + ": '" + line + "' is not a release heading; write"
              + " '## X.Y.Z (YYYY-MM-DD)' or '## X.Y.Z (unreleased)'");
        }
        changes = new ArrayList<>();
        releases.add(new Release(heading.group(1), date(heading.group(2), file, n), changes));
      } else if (changes != null && line.startsWith("- ")) {
        changes.add(line.substring(2).strip());
      } else if (changes != null && !changes.isEmpty() && line.startsWith("  ") && !line.isBlank()) {
        changes.set(changes.size() - 1, changes.get(changes.size() - 1) + " " + line.strip());
      }
    }
    for (Release r : releases) {
      if (r.changes().isEmpty()) {
        throw new IOException(file + ": release " + r.version() + " lists no changes; add '- ' items under it");
      }
    }
    return new Changelog(List.copyOf(releases));
  }

  private static LocalDate date(String text, Path file, int line) throws IOException {
    if (text.equals("unreleased")) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IOException(file + ":" + line + ": '" + text + "' is no date; write YYYY-MM-DD", e);
    }
  }

  /**
   * Checks that the newest release is the Maven version being built: X.Y.Z-SNAPSHOT and X.Y.Z both need
   * X.Y.Z on top, and a release (no -SNAPSHOT) needs its date.
   */
  Changelog checkedFor(String mavenVersion) throws IOException {
    String release = mavenVersion.replaceFirst("-SNAPSHOT$", "");
    Release top = releases.isEmpty() ? null : releases.get(0);
    if (top == null || !top.version().equals(release)) {
      throw new IOException(FILE + " must start with release " + release + " (this build's version is " + mavenVersion
          + "); add '## " + release + " (unreleased)' with its changes above the others");
    }
    if (top.date() == null && !mavenVersion.endsWith("-SNAPSHOT")) {
      throw new IOException(FILE + " says " + release + " is unreleased, but this is the release build of "
          + mavenVersion + "; give its heading the release date, '## " + release + " (YYYY-MM-DD)'");
    }
    return this;
  }

  /**
   * Debian's changelog for one package. The newest entry carries {@code packageVersion} (a snapshot's
   * 0.1.0~SNAPSHOT) and, while unreleased, the build time.
   */
  String debian(String pkg, String packageVersion, Instant buildTime, String maintainer) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      String version = i == 0 ? packageVersion : Versions.packageVersion(r.version());
      out.append(pkg).append(" (").append(version).append(") unstable; urgency=medium\n\n");
      for (String change : r.changes()) {
        out.append(wrap(change, "  * ", "    "));
      }
      out.append("\n -- ").append(maintainer).append("  ")
          .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(when(r, buildTime))).append("\n");
      if (i + 1 < releases.size()) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  /** The .rpm's %changelog, newest first, each release as VERSION-RELEASE. */
  String rpm(String packageVersion, Instant buildTime, String maintainer) {
    DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE MMM dd yyyy", Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < releases.size(); i++) {
      Release r = releases.get(i);
      String version = i == 0 ? packageVersion : Versions.packageVersion(r.version());
      out.append("* ").append(day.format(when(r, buildTime))).append(' ').append(maintainer).append(" - ")
          .append(version).append('-').append(Versions.RPM_RELEASE).append('\n');
      for (String change : r.changes()) {
        out.append("- ").append(change).append('\n');
      }
      if (i + 1 < releases.size()) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static ZonedDateTime when(Release r, Instant buildTime) {
    return r.date() == null ? ZonedDateTime.ofInstant(buildTime, ZoneOffset.UTC)
        : r.date().atStartOfDay(ZoneOffset.UTC);
  }

  /** Debian's policy wants changelog lines under 80 columns. */
  private static String wrap(String text, String first, String rest) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(first);
    boolean empty = true;
    for (String word : WORDS.split(text.strip(), -1)) {
      if (!empty && line.length() + 1 + word.length() > DEB_WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(rest);
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
      empty = false;
    }
    return out.append(line).append('\n').toString();
  }
}
