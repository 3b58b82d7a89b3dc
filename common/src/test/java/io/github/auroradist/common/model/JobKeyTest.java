package io.github.auroradist.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobKeyTest {
  @Test
  void dotsAndOverlongKeysCannotNameNewJobsButStillLoad() {
    assertThat(new JobKey("www-data", "prod", "hello.v2").problemsForNewJob()).isEmpty();
    assertThat(new JobKey(".", "prod", "x").problemsForNewJob()).singleElement().asString()
        .contains("role '.'", "not allowed");
    assertThat(new JobKey("r", "prod", "..").problemsForNewJob()).singleElement().asString()
        .contains("name '..'");
    String longName = "n".repeat(JobKey.MAX_KEY_LENGTH);
    assertThat(new JobKey("r", "prod", longName).problemsForNewJob()).singleElement().asString()
        .contains("too long", "at most " + JobKey.MAX_KEY_LENGTH);
    assertThat(new JobKey("r", "e", "n".repeat(JobKey.MAX_KEY_LENGTH - 2)).problemsForNewJob()).isEmpty();
  }
}
