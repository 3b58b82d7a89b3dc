package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** quota get's CPU figure is printed as Aurora's Python 2 client prints a float. */
class QuotaCommandTest {
  @Test
  void cpuIsPrintedAsPythonPrintsAFloat() {
    assertThat(QuotaCommand.Get.pythonFloat(0.2 + 0.2 + 0.2)).isEqualTo("0.6");
    assertThat(QuotaCommand.Get.pythonFloat(2.0)).isEqualTo("2.0");
    assertThat(QuotaCommand.Get.pythonFloat(0.0)).isEqualTo("0.0");
    assertThat(QuotaCommand.Get.pythonFloat(0.25)).isEqualTo("0.25");
    assertThat(QuotaCommand.Get.pythonFloat(1500.0)).isEqualTo("1500.0");
  }
}
