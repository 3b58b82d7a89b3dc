package io.github.auroradist.observer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxPathsTest {
  /** What the observer does per request: open the sandbox, resolve the path, close. */
  private static SandboxPaths.Resolved resolve(Path sandbox, List<String> segments) throws SandboxException {
    try (ConfinedDirectory dir = ConfinedDirectory.open(sandbox, "the task's sandbox")) {
      return dir.resolve(segments);
    }
  }

  private static String read(Path sandbox, List<String> segments) throws Exception {
    try (ConfinedDirectory dir = ConfinedDirectory.open(sandbox, "the task's sandbox");
        var channel = dir.open(dir.resolve(segments))) {
      return new String(FileWindow.read(channel, 0L, null).data(), StandardCharsets.UTF_8);
    }
  }

  @TempDir Path run;
  Path sandbox;

  @BeforeEach
  void layout() throws Exception {
    sandbox = Files.createDirectories(run.resolve("sandbox"));
    Files.createDirectories(sandbox.resolve("data/nested"));
    Files.writeString(sandbox.resolve("data/nested/a.txt"), "a");
    Files.writeString(run.resolve("secret.txt"), "outside the sandbox");
    Files.createSymbolicLink(sandbox.resolve("etc-link"), Path.of("/etc"));
    Files.createSymbolicLink(sandbox.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(sandbox.resolve("inside-link"), Path.of("data/nested/a.txt"));
    Files.createSymbolicLink(sandbox.resolve("dangling"), Path.of("no-such-file"));
  }

  @Test
  void resolvesFilesAndDirectoriesInside() throws Exception {
    var file = resolve(sandbox, List.of("data", "nested", "a.txt"));
    assertThat(file.directory()).isFalse();
    assertThat(file.relative()).isEqualTo("data/nested/a.txt");
    assertThat(file.size()).isEqualTo(1);
    assertThat(read(sandbox, List.of("data", "nested", "a.txt"))).isEqualTo("a");

    assertThat(resolve(sandbox, List.of()).directory()).isTrue();
    assertThat(resolve(sandbox, List.of("", "data", "")).relative()).isEqualTo("data");
    var link = resolve(sandbox, List.of("inside-link"));
    assertThat(link.relative()).isEqualTo("inside-link");
    assertThat(link.target()).containsExactly("data", "nested", "a.txt");
    assertThat(read(sandbox, List.of("inside-link"))).isEqualTo("a");
  }

  @Test
  void refusesDotDotAndDotSegments() {
    assertThatThrownBy(() -> resolve(sandbox, List.of("data", "..", "..", "secret.txt")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> resolve(sandbox, List.of("..")))
        .isInstanceOf(SandboxException.class);
    assertThatThrownBy(() -> resolve(sandbox, List.of(".", "data")))
        .isInstanceOf(SandboxException.class);
  }

  @Test
  void refusesSegmentsHoldingSeparatorsOrNul() {
    for (String bad : List.of("../secret.txt", "/etc/passwd", "a\\..\\b", "a\0b")) {
      assertThatThrownBy(() -> resolve(sandbox, List.of(bad)))
          .as(bad)
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void absolutePathStaysInTheSandbox() {
    // "//etc/passwd" splits into "", "etc", "passwd": looked up inside the sandbox, not found.
    assertThatThrownBy(() -> resolve(sandbox, List.of("", "etc", "passwd")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void refusesSymlinksThatLeadOutside() {
    for (List<String> path : List.of(List.of("etc-link"), List.of("etc-link", "passwd"), List.of("up"),
        List.of("up", "secret.txt"))) {
      assertThatThrownBy(() -> resolve(sandbox, path))
          .as(path.toString())
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("outside");
    }
  }

  @Test
  void missingFilesAndDanglingLinksAre404() {
    assertThatThrownBy(() -> resolve(sandbox, List.of("nope")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> resolve(sandbox, List.of("dangling")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> resolve(run.resolve("gone"), List.of()))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessageContaining("garbage collected");
  }

  @Test
  void listingMarksLinksOutsideAndSortsDirectoriesFirst() throws Exception {
    List<SandboxPaths.Entry> entries;
    try (ConfinedDirectory dir = ConfinedDirectory.open(sandbox, "the task's sandbox")) {
      entries = dir.list(dir.resolve(List.of()));
    }
    assertThat(entries).extracting(SandboxPaths.Entry::name)
        .containsExactly("data", "dangling", "etc-link", "inside-link", "up");
    assertThat(entries).filteredOn(e -> e.name().equals("etc-link")).singleElement()
        .extracting(SandboxPaths.Entry::kind).isEqualTo(SandboxPaths.Entry.Kind.LINK_OUTSIDE);
    assertThat(entries).filteredOn(e -> e.name().equals("up")).singleElement()
        .extracting(SandboxPaths.Entry::kind).isEqualTo(SandboxPaths.Entry.Kind.LINK_OUTSIDE);
    assertThat(entries).filteredOn(e -> e.name().equals("inside-link")).singleElement()
        .satisfies(e -> {
          assertThat(e.kind()).isEqualTo(SandboxPaths.Entry.Kind.FILE);
          assertThat(e.size()).isEqualTo(1);
        });
    assertThat(entries).filteredOn(e -> e.name().equals("dangling")).singleElement()
        .extracting(SandboxPaths.Entry::kind).isEqualTo(SandboxPaths.Entry.Kind.BROKEN_LINK);
  }

  @Test
  void linksAreFollowedByTheObserverOnlyWhileTheyStayInside() throws Exception {
    Files.createSymbolicLink(sandbox.resolve("data/nested/back"), Path.of("../../data/nested/a.txt"));
    Files.createSymbolicLink(sandbox.resolve("dir-link"), Path.of("data"));
    Files.createSymbolicLink(sandbox.resolve("absolute-inside"), sandbox.resolve("data/nested/a.txt"));
    Files.createSymbolicLink(sandbox.resolve("chain"), Path.of("inside-link"));
    Files.createSymbolicLink(sandbox.resolve("data/two-up"), Path.of("../.."));
    Files.createSymbolicLink(sandbox.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(sandbox.resolve("data/sneaky"), Path.of("nested/../../../secret.txt"));

    assertThat(read(sandbox, List.of("data", "nested", "back"))).isEqualTo("a");
    assertThat(resolve(sandbox, List.of("dir-link", "nested", "a.txt")).target())
        .containsExactly("data", "nested", "a.txt");
    assertThat(resolve(sandbox, List.of("dir-link")).directory()).isTrue();
    assertThat(read(sandbox, List.of("absolute-inside"))).isEqualTo("a");
    assertThat(read(sandbox, List.of("chain"))).isEqualTo("a");
    // '..' in a link's text goes up from the directory the link really is in.
    Files.createSymbolicLink(sandbox.resolve("data/nested/via"), Path.of("../../dir-link/nested/a.txt"));
    assertThat(read(sandbox, List.of("dir-link", "nested", "via"))).isEqualTo("a");

    for (List<String> path : List.of(List.of("data", "two-up"), List.of("data", "sneaky"), List.of("loop"))) {
      assertThatThrownBy(() -> resolve(sandbox, path))
          .as(path.toString())
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
    assertThatThrownBy(() -> resolve(sandbox, List.of("loop"))).hasMessageContaining("more than 40 symbolic links");
  }

  @Test
  void aSandboxThatIsItselfALinkIsRefused() throws Exception {
    Path elsewhere = Files.createDirectories(run.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("f"), "not the sandbox");
    Path linked = Files.createSymbolicLink(run.resolve("linked-sandbox"), elsewhere);
    assertThatThrownBy(() -> resolve(linked, List.of("f")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("is a symbolic link");
  }

  @Test
  void onlyRegularFilesAreOpened() throws Exception {
    try (ConfinedDirectory dir = ConfinedDirectory.open(sandbox, "the task's sandbox")) {
      var directory = dir.resolve(List.of("data"));
      assertThatThrownBy(() -> dir.open(directory))
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("not a regular file");
    }
  }
}
