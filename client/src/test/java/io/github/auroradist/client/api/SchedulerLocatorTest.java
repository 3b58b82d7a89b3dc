package io.github.auroradist.client.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.common.discovery.ServerSetMember;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the client reads a scheduler's serverset member (the JSON is ServerSetMember's, written by the scheduler). */
class SchedulerLocatorTest {
  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsWhatASchedulerAnnounces() {
    assertThat(SchedulerLocator.memberUri(ServerSetMember.scheduler("10.0.0.5", 8081).toBytes()))
        .contains(URI.create("http://10.0.0.5:8081"));
  }

  @Test
  void prefersTheHttpsEndpointOfASchedulerThatServesHttps() {
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a\",\"port\":8081},"
        + "\"additionalEndpoints\":{\"http\":{\"host\":\"a\",\"port\":8081},"
        + "\"https\":{\"host\":\"a\",\"port\":8443}},\"status\":\"ALIVE\"}")))
        .contains(URI.create("https://a:8443"));
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a\",\"port\":8081},"
        + "\"additionalEndpoints\":{\"https\":{\"host\":\"\",\"port\":8443}},\"status\":\"ALIVE\"}")))
        .contains(URI.create("http://a:8081"));
  }

  @Test
  void prefersTheHttpEndpointAndFallsBackToTheServiceEndpoint() {
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a\",\"port\":1},"
        + "\"additionalEndpoints\":{\"http\":{\"host\":\"b\",\"port\":2}},\"status\":\"ALIVE\"}")))
        .contains(URI.create("http://b:2"));
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a\",\"port\":1},"
        + "\"status\":\"ALIVE\",\"somethingNew\":true}")))
        .contains(URI.create("http://a:1"));
  }

  @Test
  void skipsWhatIsNoMember() {
    assertThat(SchedulerLocator.memberUri(json("not json"))).isEmpty();
    assertThat(SchedulerLocator.memberUri(json("[1, 2]"))).isEmpty();
    assertThat(SchedulerLocator.memberUri(json("{\"status\":\"ALIVE\"}"))).isEmpty();
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a\"}}"))).isEmpty();
    assertThat(SchedulerLocator.memberUri(json("{\"serviceEndpoint\":{\"host\":\"a b\",\"port\":1}}"))).isEmpty();
    assertThat(SchedulerLocator.memberUri(new byte[0])).isEmpty();
  }
}
