package io.github.auroradist.emulator.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ResourceSetTest {
  @Test
  void parsesTheAgentFlagForm() {
    ResourceSet r = ResourceSet.parse("cpus:4;mem:4096;disk:20000;ports:[31000-32000,33000-33001];gpus:1");
    assertThat(r.scalar("cpus")).isEqualTo(4.0);
    assertThat(r.scalar("gpus")).isEqualTo(1.0);
    assertThat(r.toJson().path("ports").asText()).isEqualTo("[31000-32000, 33000-33001]");
    assertThat(ResourceSet.of(r.toProtos(null)).toJson()).isEqualTo(r.toJson());
  }

  @Test
  void arithmeticOnScalarsAndRanges() {
    ResourceSet total = ResourceSet.parse("cpus:4;mem:100;ports:[10-20]");
    ResourceSet used = ResourceSet.parse("cpus:1.5;ports:[12-13,20-20]");
    ResourceSet free = total.minus(used);
    assertThat(free.scalar("cpus")).isEqualTo(2.5);
    assertThat(free.toJson().path("ports").asText()).isEqualTo("[10-11, 14-19]");
    assertThat(total.contains(used)).isTrue();
    assertThat(free.contains(used)).isFalse();
    assertThat(free.plus(used).toJson()).isEqualTo(total.toJson());
    assertThat(ResourceSet.parse("cpus:0;mem:0").isEmpty()).isTrue();
  }

  @Test
  void aSumIsEveryPlusInTurn() {
    List<ResourceSet> sets = List.of(ResourceSet.parse("cpus:1;mem:10;ports:[10-12]"),
        ResourceSet.parse("cpus:0.5;ports:[13-13,20-21]"), ResourceSet.parse("mem:5;disk:7;ports:[11-11]"),
        ResourceSet.EMPTY);
    ResourceSet inTurn = ResourceSet.EMPTY;
    for (ResourceSet set : sets) {
      inTurn = inTurn.plus(set);
    }
    assertThat(ResourceSet.sum(sets).toJson()).isEqualTo(inTurn.toJson());
    assertThat(ResourceSet.sum(sets).toJson().path("ports").asText()).isEqualTo("[10-13, 20-21]");
    assertThat(ResourceSet.sum(List.of()).isEmpty()).isTrue();
  }

  @Test
  void portRangesSliceForAgentsSharingAMachine() {
    ResourceSet r = ResourceSet.parse("cpus:1;ports:[31000-31009,32000-32001]");
    assertThat(r.withRangeSlice("ports", 3, 0).toJson().path("ports").asText()).isEqualTo("[31000-31003]");
    assertThat(r.withRangeSlice("ports", 3, 1).toJson().path("ports").asText()).isEqualTo("[31004-31007]");
    assertThat(r.withRangeSlice("ports", 3, 2).toJson().path("ports").asText()).isEqualTo("[31008-31009, 32000-32001]");
    assertThat(r.withRangeSlice("ports", 1, 0).toJson()).isEqualTo(r.toJson());
    assertThat(r.withRangeSlice("ports", 3, 1).scalar("cpus")).isEqualTo(1.0);
  }

  @Test
  void badTextNamesTheItemAndTheForm() {
    assertThatThrownBy(() -> ResourceSet.parse("cpus=4")).hasMessageContaining("cpus=4")
        .hasMessageContaining("name:value");
    assertThatThrownBy(() -> ResourceSet.parse("ports:[20-10]")).hasMessageContaining("20-10");
    assertThatThrownBy(() -> ResourceSet.parse("mem:-1")).hasMessageContaining("non-negative");
  }

  @Test
  void attributesAreTextOrScalar() {
    var attrs = Attributes.parse("rack:a;cores:8");
    assertThat(attrs.get(0).getType()).isEqualTo(Value.Type.TEXT);
    assertThat(attrs.get(1).getType()).isEqualTo(Value.Type.SCALAR);
    assertThat(Attributes.toJson(attrs).toString()).isEqualTo("{\"rack\":\"a\",\"cores\":8.0}");
    assertThatThrownBy(() -> Attributes.parse("rack")).hasMessageContaining("rack:a;zone:z1");
  }
}
