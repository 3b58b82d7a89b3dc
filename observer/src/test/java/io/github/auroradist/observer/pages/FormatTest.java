package io.github.auroradist.observer.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class FormatTest {
  @Test
  void timesAreUtcAndNumbersUseDotsWhateverTheMachineSays() {
    TimeZone zone = TimeZone.getDefault();
    Locale locale = Locale.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      Locale.setDefault(Locale.GERMANY);
      assertThat(Format.time(1_764_075_000_000L)).isEqualTo("2025-11-25 12:50:00 UTC");
      assertThat(Format.bytes(128L << 20)).isEqualTo("128.0 MiB");
      assertThat(Format.decimal("%.2f cores", 0.5)).isEqualTo("0.50 cores");
    } finally {
      TimeZone.setDefault(zone);
      Locale.setDefault(locale);
    }
    assertThat(Format.time(null)).isEmpty();
    assertThat(Format.bytes(1000L)).isEqualTo("1000 B");
    assertThat(Format.bytes((Long) null)).isEmpty();
    assertThat(Format.duration(0L, 3_725_000L)).isEqualTo("1h2m");
    assertThat(Format.duration(0L, 59_000L)).isEqualTo("59s");
  }
}
