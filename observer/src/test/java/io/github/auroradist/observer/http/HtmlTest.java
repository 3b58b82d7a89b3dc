package io.github.auroradist.observer.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesEverythingThatCouldOpenMarkupOrAttributes() {
    assertThat(Html.esc("<a href=\"x\" onclick='y'>&amp;</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
    assertThat(Html.esc(null)).isEmpty();
    assertThat(Html.esc(42)).isEqualTo("42");
  }

  @Test
  void encodesPathSegmentsSoTheyStaySegments() {
    assertThat(Html.seg("a b/c?d#e%f")).isEqualTo("a%20b%2Fc%3Fd%23e%25f");
    assertThat(Html.seg("..")).isEqualTo("..");
    assertThat(Html.seg("é")).isEqualTo("%C3%A9");
    assertThat(Html.path("task", "id with space", "x/y")).isEqualTo("/task/id%20with%20space/x%2Fy");
  }
}
