package io.github.auroradist.mesos.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.github.auroradist.mesos.MesosDurations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class MesosContentTypeTest {
  private final Call subscribe = Call.newBuilder()
      .setType(Call.Type.SUBSCRIBE)
      .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
      .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(
          FrameworkInfo.newBuilder().setUser("root").setName("Aurora").setFailoverTimeout(1814400)))
      .build();

  @Test
  void roundTripsBothEncodings() throws Exception {
    for (MesosContentType type : MesosContentType.values()) {
      assertThat(type.decode(type.encode(subscribe), Call.getDefaultInstance())).isEqualTo(subscribe);
    }
  }

  @Test
  void jsonUsesMesosFieldNames() {
    String json = new String(MesosContentType.JSON.encode(subscribe), StandardCharsets.UTF_8);
    assertThat(json).contains("\"type\":\"SUBSCRIBE\"").contains("\"framework_id\":{\"value\":\"fw-1\"}")
        .contains("\"failover_timeout\"");
  }

  @Test
  void readsTheMesosDocumentationExample() throws Exception {
    String doc = "{\"framework_id\":{\"value\":\"12220-3440-12532-2345\"},\"type\":\"DECLINE\","
        + "\"decline\":{\"offer_ids\":[{\"value\":\"12220-3440-12532-O12\"}],\"filters\":{\"refuse_seconds\":5.0}}}";
    Call call = MesosContentType.JSON.decode(doc.getBytes(StandardCharsets.UTF_8), Call.getDefaultInstance());
    assertThat(call.getType()).isEqualTo(Call.Type.DECLINE);
    assertThat(call.getDecline().getFilters().getRefuseSeconds()).isEqualTo(5.0);
  }

  @Test
  void malformedInputIsAnInvalidProtocolBufferException() {
    assertThatThrownBy(() -> MesosContentType.JSON.decode("{nope".getBytes(StandardCharsets.UTF_8),
        Call.getDefaultInstance())).isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> MesosContentType.PROTOBUF.decode(new byte[] {(byte) 0xff, 1, 2},
        Call.getDefaultInstance())).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void mapsHeaders() {
    assertThat(MesosContentType.fromHeader("application/json; charset=utf-8")).isEqualTo(MesosContentType.JSON);
    assertThat(MesosContentType.fromHeader("application/x-protobuf")).isEqualTo(MesosContentType.PROTOBUF);
    assertThat(MesosContentType.fromHeader("text/plain")).isNull();
  }

  @Test
  void parsesMesosDurations() {
    assertThat(MesosDurations.parse("15mins")).isEqualTo(Duration.ofMinutes(15));
    assertThat(MesosDurations.parse("2.5secs")).isEqualTo(Duration.ofMillis(2500));
    assertThat(MesosDurations.parse("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(MesosDurations.format(Duration.ofSeconds(5))).isEqualTo("5secs");
    assertThat(MesosDurations.format(Duration.ofMinutes(15))).isEqualTo("15mins");
    assertThatThrownBy(() -> MesosDurations.parse("5")).hasMessageContaining("'5'");
  }
}
