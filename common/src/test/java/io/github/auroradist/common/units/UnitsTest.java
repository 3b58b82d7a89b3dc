package io.github.auroradist.common.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void parsesAuroraTimeAmounts() {
    assertThat(TimeAmount.parse("5mins").toDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(TimeAmount.parse("21days").toDuration()).isEqualTo(Duration.ofDays(21));
    assertThat(TimeAmount.parse("1hrs").toDuration()).isEqualTo(Duration.ofHours(1));
    assertThat(TimeAmount.parse("30secs").toDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(TimeAmount.parse("250ms").toDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(TimeAmount.parse("15secs")).hasToString("15secs");
  }

  @Test
  void refusesTimeWithoutUnitOrWithUnknownUnit() {
    assertThatThrownBy(() -> TimeAmount.parse("15"))
        .hasMessageContaining("'15' is not a time amount").hasMessageContaining("5mins");
    assertThatThrownBy(() -> TimeAmount.parse("3weeks")).hasMessageContaining("secs, mins, hrs");
    assertThatThrownBy(() -> TimeAmount.parse("-1secs")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parsesDataAmountsAs1024Based() {
    assertThat(DataAmount.parse("128MB").bytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(DataAmount.parse("1GB").megabytes()).isEqualTo(1024.0);
    assertThat(DataAmount.parse("2kb").bytes()).isEqualTo(2048);
    assertThat(DataAmount.parse("128MB")).hasToString("128MB");
  }

  @Test
  void refusesBadDataAmounts() {
    assertThatThrownBy(() -> DataAmount.parse("lots")).hasMessageContaining("128MB");
    assertThatThrownBy(() -> DataAmount.parse("5XB")).hasMessageContaining("'5XB'");
  }
}
