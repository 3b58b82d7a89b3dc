package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CHANGELOG.md, the one source of both packages' changelogs. */
class ChangelogTest {
  private static final Instant BUILD = Instant.parse("2025-03-04T05:06:07Z");

  @TempDir
  Path repo;

  private Changelog read(String text) throws IOException {
    Files.writeString(repo.resolve(Changelog.FILE), text);
    return Changelog.read(repo);
  }

  @Test
  void readsReleasesNewestFirstWithWrappedItems() throws Exception {
    Changelog c = read("""
        # Changes

        Some words.

        ## 1.1.0 (unreleased)
        - One change that goes on
          over a second line.
        - Another.

        ## 1.0.0 (2024-05-06)
        - First.
        """);
    assertThat(c.releases()).containsExactly(
        new Changelog.Release("1.1.0", null, java.util.List.of("One change that goes on over a second line.",
            "Another.")),
        new Changelog.Release("1.0.0", LocalDate.of(2024, 5, 6), java.util.List.of("First.")));
    assertThat(c.debian("aurora-tools", "1.1.0~SNAPSHOT", BUILD, "M <m@x>")).isEqualTo("""
        aurora-tools (1.1.0~SNAPSHOT) unstable; urgency=medium

          * One change that goes on over a second line.
          * Another.

         -- M <m@x>  Tue, 4 Mar 2025 05:06:07 GMT

        aurora-tools (1.0.0) unstable; urgency=medium

          * First.

         -- M <m@x>  Mon, 6 May 2024 00:00:00 GMT
        """);
    assertThat(c.rpm("1.1.0~SNAPSHOT", BUILD, "M <m@x>")).isEqualTo("""
        * Tue Mar 04 2025 M <m@x> - 1.1.0~SNAPSHOT-1
        - One change that goes on over a second line.
        - Another.

        * Mon May 06 2024 M <m@x> - 1.0.0-1
        - First.
        """);
  }

  @Test
  void debianLinesStayUnderEightyColumns() throws Exception {
    Changelog c = read("## 2.0.0 (unreleased)\n- " + "word ".repeat(60) + "\n");
    assertThat(c.debian("p", "2.0.0", BUILD, "M <m@x>").lines()).allSatisfy(l -> assertThat(l).hasSizeLessThan(80));
  }

  @Test
  void theNewestReleaseMustBeTheVersionBuiltAndAReleaseNeedsItsDate() throws Exception {
    Changelog c = read("## 1.1.0 (unreleased)\n- A.\n\n## 1.0.0 (2024-05-06)\n- B.\n");
    assertThat(c.checkedFor("1.1.0-SNAPSHOT")).isSameAs(c);
    assertThatThrownBy(() -> c.checkedFor("1.2.0-SNAPSHOT")).hasMessageContaining("must start with release 1.2.0")
        .hasMessageContaining("'## 1.2.0 (unreleased)'");
    assertThatThrownBy(() -> c.checkedFor("1.1.0")).hasMessageContaining("says 1.1.0 is unreleased")
        .hasMessageContaining("'## 1.1.0 (YYYY-MM-DD)'");
    Changelog released = read("## 1.1.0 (2025-01-01)\n- A.\n");
    assertThat(released.checkedFor("1.1.0")).isSameAs(released);
  }

  @Test
  void badHeadingsAndEmptyReleasesAreNamed() throws Exception {
    assertThatThrownBy(() -> read("## 1.0 soon\n- A.\n")).hasMessageContaining(":1: '## 1.0 soon' is not a release");
    assertThatThrownBy(() -> read("## 1.0.0 (2024-13-01)\n- A.\n")).hasMessageContaining("is no date");
    assertThatThrownBy(() -> read("## 1.0.0 (unreleased)\n\n## 0.9.0 (2024-01-01)\n- A.\n"))
        .hasMessageContaining("release 1.0.0 lists no changes");
    assertThatThrownBy(() -> Changelog.read(repo.resolve("nowhere"))).hasMessageContaining("is missing");
  }

  @Test
  void theCheckoutsChangelogFitsThisBuild() throws Exception {
    Changelog.read(Path.of("..")).checkedFor(System.getProperty("aurora.version"));
  }
}
