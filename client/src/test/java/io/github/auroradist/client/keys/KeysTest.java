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
  }
}
