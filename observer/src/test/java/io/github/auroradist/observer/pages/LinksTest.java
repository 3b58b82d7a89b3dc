package io.github.auroradist.observer.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinksTest {
  @Test
  void encodesPathSegmentsSoTheyStaySegments() {
    assertThat(Links.path("task", "id with space", "x/y")).isEqualTo("/task/id%20with%20space/x%2Fy");
    assertThat(Links.sandbox("file", "t 1", "dir/a b.txt")).isEqualTo("/file/t%201/dir/a%20b.txt");
    assertThat(Links.sandbox("browse", "t", "")).isEqualTo("/browse/t");
  }
}
