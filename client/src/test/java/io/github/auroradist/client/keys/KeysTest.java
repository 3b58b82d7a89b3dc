package io.github.auroradist.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void parsesJobKeys() {
    AuroraJobKey key = AuroraJobKey.parse("devcluster/www-data/devel/hello_world");
    assertThat(key.cluster()).isEqualTo("devcluster");
    assertThat(key.role()).isEqualTo("www-data");
    assertThat(key.environment()).isEqualTo("devel");
    assertThat(key.name()).isEqualTo("hello_world");
    assertThat(key.path()).isEqualTo("www-data/devel/hello_world");
    assertThat(key).hasToString("devcluster/www-data/devel/hello_world");
  }

  @Test
  void rejectsMalformedJobKeys() {
    assertThatThrownBy(() -> AuroraJobKey.parse("devcluster/www-data/hello"))
        .hasMessageContaining("CLUSTER/ROLE/ENV/NAME");
    assertThatThrownBy(() -> AuroraJobKey.parse("devcluster/www data/devel/hello"))
        .hasMessageContaining("role 'www data'");
    assertThatThrownBy(() -> AuroraJobKey.parse("a//devel/x")).hasMessageContaining("role ''");
  }

  @Test
  void parsesInstanceRanges() {
    TaskInstanceKey all = TaskInstanceKey.parse("c/r/e/n");
    assertThat(all.allInstances()).isTrue();
    TaskInstanceKey some = TaskInstanceKey.parse("c/r/e/n/0,2-5,9");
    assertThat(some.instances()).containsExactly(0, 2, 3, 4, 5, 9);
    assertThat(some.job()).isEqualTo(AuroraJobKey.parse("c/r/e/n"));
    assertThat(some).hasToString("c/r/e/n/0,2-5,9");
    assertThat(TaskInstanceKey.parse("c/r/e/n/3").instances()).containsExactly(3);
    assertThat(TaskInstanceKey.parse("c/r/e/n/ 4 - 6 ,1").instances()).containsExactly(1, 4, 5, 6);
  }

  @Test
  void rejectsBadInstanceLists() {
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/5-2")).hasMessageContaining("runs backwards");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/x")).hasMessageContaining("0,2-5");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/")).hasMessageContaining("empty");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/1/2")).hasMessageContaining("INSTANCES");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/1,,2")).hasMessageContaining("0,2-5");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/-1")).hasMessageContaining("start at 0");
  }

  @Test
  void refusesSelectionsBeyondTheBoundsWithoutExpandingThem() {
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/0-2147483647"))
        .hasMessageContaining("instance 2147483647 in '0-2147483647' is above the highest instance id, 99999");
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/0-99999999999"))
        .hasMessageContaining("is not an instance list");
    String tooMany = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> String.valueOf(i * 2))
        .collect(java.util.stream.Collectors.joining(","));
    assertThatThrownBy(() -> TaskInstanceKey.parse("c/r/e/n/" + tooMany)).hasMessageContaining("at most 1000");
    // The largest selection stays ranges: written back compactly, counted without a set.
    TaskInstanceKey widest = TaskInstanceKey.parse("c/r/e/n/0-99999");
    assertThat(widest.ranges().size()).isEqualTo(100_000);
    assertThat(widest).hasToString("c/r/e/n/0-99999");
  }

  @Test
  void buildsKeysFromIds() {
    AuroraJobKey job = AuroraJobKey.parse("c/r/e/n");
    assertThat(TaskInstanceKey.of(job, java.util.List.of(5, 1, 2, 3))).hasToString("c/r/e/n/1-3,5");
    assertThat(TaskInstanceKey.all(job).allInstances()).isTrue();
    assertThat(TaskInstanceKey.all(job).instances()).isEmpty();
  }
}
