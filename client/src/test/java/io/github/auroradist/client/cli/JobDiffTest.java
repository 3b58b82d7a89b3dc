package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The hunks {@code aurora job diff} prints: {@code -} scheduler, {@code +} file, 3 lines of context, "..." between. */
class JobDiffTest {
  static List<String> lines(int count) {
    return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> "line " + i).toList());
  }

  @Test
  void equalInputsHaveNoHunks() {
    assertThat(JobDiff.diff(lines(50), lines(50))).isEmpty();
    assertThat(JobDiff.diff(List.of(), List.of())).isEmpty();
  }

  @Test
  void changesShowWithThreeLinesOfContextAndFarApartOnesAreSeparated() {
    List<String> local = lines(30);
    local.set(5, "line 5 changed");
    local.remove(20);
    local.add(25, "added");
    assertThat(JobDiff.diff(lines(30), local)).containsExactly(
        "  line 2", "  line 3", "  line 4", "- line 5", "+ line 5 changed", "  line 6", "  line 7", "  line 8",
        "...",
        "  line 17", "  line 18", "  line 19", "- line 20", "  line 21", "  line 22", "  line 23", "  line 24",
        "  line 25", "+ added", "  line 26", "  line 27", "  line 28");
  }

  @Test
  void changesAtTheEdgesHaveWhatContextThereIs() {
    List<String> local = lines(10);
    local.set(0, "first");
    local.add("last");
    assertThat(JobDiff.diff(lines(10), local)).containsExactly(
        "- line 0", "+ first", "  line 1", "  line 2", "  line 3",
        "...",
        "  line 7", "  line 8", "  line 9", "+ last");
    assertThat(JobDiff.diff(List.of(), List.of("a", "b"))).containsExactly("+ a", "+ b");
    assertThat(JobDiff.diff(List.of("a", "b"), List.of())).containsExactly("- a", "- b");
  }

  /**
   * A job whose configuration prints as 200,000 lines: a table of every pair of lines (as a longest-common-
   * subsequence diff keeps) would take 160 GB; the diff finds the one change without one.
   */
  @Test
  void aLargeConfigurationIsComparedWithoutATableOfEveryPairOfLines() {
    List<String> scheduler = lines(200_000);
    List<String> local = lines(200_000);
    local.set(100_000, "line 100000 changed");
    assertThat(JobDiff.diff(scheduler, local)).containsExactly(
        "  line 99997", "  line 99998", "  line 99999", "- line 100000", "+ line 100000 changed",
        "  line 100001", "  line 100002", "  line 100003");
  }
}
