package io.github.auroradist.common.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSetMemberTest {
  @Test
  void schedulerMemberIsAuroraJson() {
    String json = new String(ServerSetMember.scheduler("h1", 8081).toBytes(), StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"serviceEndpoint\":{\"host\":\"h1\",\"port\":8081},"
        + "\"additionalEndpoints\":{\"http\":{\"host\":\"h1\",\"port\":8081}},\"status\":\"ALIVE\"}");
    assertThat(ServerSetMember.parse(json.getBytes(StandardCharsets.UTF_8)).orElseThrow().httpUrl())
        .contains("http://h1:8081");
  }

  @Test
  void readsMembersOthersWroteAndSkipsGarbage() {
    ServerSetMember task = new ServerSetMember(new ServerSetMember.Endpoint("w1", 31000),
        Map.of("http", new ServerSetMember.Endpoint("w1", 31000), "admin", new ServerSetMember.Endpoint("w1", 31001)),
        ServerSetMember.ALIVE, 3);
    assertThat(new String(task.toBytes(), StandardCharsets.UTF_8)).contains("\"shard\":3", "\"admin\"");
    assertThat(ServerSetMember.parse(task.toBytes())).contains(task);
    byte[] onlyService = "{\"serviceEndpoint\":{\"host\":\"s\",\"port\":1},\"status\":\"ALIVE\",\"x\":1}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(ServerSetMember.parse(onlyService).orElseThrow().httpUrl()).contains("http://s:1");
    assertThat(ServerSetMember.parse("not json".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ServerSetMember.parse("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(ServerSetMember.parse("{}".getBytes(StandardCharsets.UTF_8)).orElseThrow().httpUrl()).isEmpty();
  }
}
