package io.github.auroradist.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void encodesEverythingButUnreservedCharacters() {
    assertThat(PathSegments.encode("www-data_1.2~x")).isEqualTo("www-data_1.2~x");
    assertThat(PathSegments.encode("a b")).isEqualTo("a%20b");
    assertThat(PathSegments.encode("a+b")).isEqualTo("a%2Bb");
    assertThat(PathSegments.encode("a/b")).isEqualTo("a%2Fb");
    assertThat(PathSegments.encode("a?b#c%d*")).isEqualTo("a%3Fb%23c%25d%2A");
    assertThat(PathSegments.encode("é☃")).isEqualTo("%C3%A9%E2%98%83");
    assertThat(PathSegments.encode("a b/c?d#e%f+g")).isEqualTo("a%20b%2Fc%3Fd%23e%25f%2Bg");
    assertThat(PathSegments.encode("..")).isEqualTo("..");
    assertThat(PathSegments.encode("")).isEmpty();
  }

  @Test
  void eachSegmentDecodesBackToItselfAsAPath() {
    for (String s : new String[] {"a b", "a+b", "a/b", "é☃", "100%", "x;y=z"}) {
      URI uri = URI.create("http://h" + PathSegments.path("api", s));
      assertThat(uri.getRawPath()).isEqualTo("/api/" + PathSegments.encode(s));
      assertThat(uri.getPath()).isEqualTo("/api/" + s);
    }
  }
}
