package io.github.auroradist.observer.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxPathsTest {
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
    var file = SandboxPaths.resolve(sandbox, List.of("data", "nested", "a.txt"));
    assertThat(file.directory()).isFalse();
    assertThat(file.relative()).isEqualTo("data/nested/a.txt");
    assertThat(Files.readString(file.realPath())).isEqualTo("a");

    assertThat(SandboxPaths.resolve(sandbox, List.of()).directory()).isTrue();
    assertThat(SandboxPaths.resolve(sandbox, List.of("", "data", "")).relative()).isEqualTo("data");
    assertThat(SandboxPaths.resolve(sandbox, List.of("inside-link")).realPath())
        .isEqualTo(sandbox.toRealPath().resolve("data/nested/a.txt"));
  }

  @Test
  void refusesDotDotAndDotSegments() {
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of("data", "..", "..", "secret.txt")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of("..")))
        .isInstanceOf(SandboxException.class);
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of(".", "data")))
        .isInstanceOf(SandboxException.class);
  }

  @Test
  void refusesSegmentsHoldingSeparatorsOrNul() {
    for (String bad : List.of("../secret.txt", "/etc/passwd", "a\\..\\b", "a\0b")) {
      assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of(bad)))
          .as(bad)
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void absolutePathStaysInTheSandbox() {
    // "//etc/passwd" splits into "", "etc", "passwd": looked up inside the sandbox, not found.
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of("", "etc", "passwd")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void refusesSymlinksThatLeadOutside() {
    for (List<String> path : List.of(List.of("etc-link"), List.of("etc-link", "passwd"), List.of("up"),
        List.of("up", "secret.txt"))) {
      assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, path))
          .as(path.toString())
          .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("outside");
    }
  }

  @Test
  void missingFilesAndDanglingLinksAre404() {
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of("nope")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> SandboxPaths.resolve(sandbox, List.of("dangling")))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> SandboxPaths.resolve(run.resolve("gone"), List.of()))
        .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(404))
        .hasMessageContaining("garbage collected");
  }

  @Test
  void listingMarksLinksOutsideAndSortsDirectoriesFirst() throws Exception {
    var entries = SandboxPaths.list(sandbox.toRealPath(), sandbox.toRealPath());
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
}
