package io.github.auroradist.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceRangesTest {
  @Test
  void parsesNumbersAndRangesMergedAndSorted() {
    InstanceRanges r = InstanceRanges.parse(" 7, 2-5,0,3-4 ,6");
    assertThat(r.ranges()).containsExactly(new InstanceRanges.Range(0, 0), new InstanceRanges.Range(2, 7));
    assertThat(r.toString()).isEqualTo("0,2-7");
    assertThat(r.size()).isEqualTo(7);
    assertThat(r.toSortedSet()).containsExactly(0, 2, 3, 4, 5, 6, 7);
    assertThat(r.contains(1)).isFalse();
    assertThat(r.contains(7)).isTrue();
    assertThat(r.contains(8)).isFalse();
    assertThat(InstanceRanges.of(List.of(3, 1, 2))).isEqualTo(InstanceRanges.parse("1-3"));
  }

  @Test
  void refusesHugeRangesWithoutExpandingThem() {
    assertThatThrownBy(() -> InstanceRanges.parse("0-2147483647"))
        .hasMessageContaining("2147483647").hasMessageContaining("above the highest instance id");
    assertThatThrownBy(() -> InstanceRanges.parse("0-99999999999999999999"))
        .hasMessageContaining("is not an instance list");
    assertThat(InstanceRanges.parse("0-" + InstanceRanges.MAX_INSTANCE_ID).size())
        .isEqualTo(InstanceRanges.MAX_INSTANCE_ID + 1);
  }

  @Test
  void bad() {
    assertThatThrownBy(() -> InstanceRanges.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> InstanceRanges.parse("5-1")).hasMessageContaining("runs backwards")
        .hasMessageContaining("1-5");
    assertThatThrownBy(() -> InstanceRanges.parse("-1")).hasMessageContaining("start at 0");
    assertThatThrownBy(() -> InstanceRanges.parse("1,,2")).hasMessageContaining("0,2-5");
    assertThatThrownBy(() -> InstanceRanges.parse("a")).hasMessageContaining("0,2-5");
    assertThatThrownBy(() -> InstanceRanges.parse("1-2-3")).hasMessageContaining("0,2-5");
    assertThatThrownBy(() -> InstanceRanges.parse("1,".repeat(1_001) + "1")).hasMessageContaining("items");
    assertThatThrownBy(() -> InstanceRanges.parse(" ".repeat(9_000))).hasMessageContaining("empty");
    assertThatThrownBy(() -> InstanceRanges.parse("1" + " ".repeat(9_000))).hasMessageContaining("characters");
  }

  @Test
  void jsonIsTheTextAndAListOfIdsReadsToo() {
    InstanceRanges r = InstanceRanges.parse("0,2-5");
    assertThat(ModelJson.write(r)).isEqualTo("\"0,2-5\"");
    assertThat(ModelJson.read("\"0,2-5\"", InstanceRanges.class)).isEqualTo(r);
    assertThat(ModelJson.read("[5, 0, 2, 3, 4]", InstanceRanges.class)).isEqualTo(r);
    assertThat(ModelJson.read(ModelJson.write(new InstanceRanges(List.of())), InstanceRanges.class).isEmpty())
        .isTrue();
    assertThatThrownBy(() -> ModelJson.read("\"0-100000\"", InstanceRanges.class)).hasMessageContaining("highest");
    assertThatThrownBy(() -> ModelJson.read("[\"x\"]", InstanceRanges.class)).hasMessageContaining("not an instance");
    assertThatThrownBy(() -> ModelJson.read("{}", InstanceRanges.class)).hasMessageContaining("0,2-5");
  }
}
