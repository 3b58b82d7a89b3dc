package io.github.auroradist.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.auroradist.client.api.SchedulerClient;
import io.github.auroradist.client.api.SchedulerException;
import io.github.auroradist.client.security.ClusterSecurity;
import io.github.auroradist.common.clusters.Cluster;
import io.github.auroradist.common.clusters.Clusters;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's request paths reach the scheduler's route with each segment as given (a space is not a '+'). */
class SchedulerClientPathsTest extends AgainstLoopbackCluster {
  private static SchedulerClient client() throws Exception {
    Cluster direct = Clusters.load(List.of(dir.resolve("clusters.json"))).get("direct");
    return new SchedulerClient(URI.create(direct.schedulerUri()), Duration.ofSeconds(30),
        ClusterSecurity.of(direct, null, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "a+b", "é☃"})
  void aSegmentArrivesAsItWasGiven(String role) throws Exception {
    SchedulerClient client = client();
    // The scheduler names the role it got in its refusal.
    assertThatThrownBy(() -> client.quota(role)).isInstanceOf(SchedulerException.class)
        .hasMessageContaining("'" + role + "' is not a valid role");
    assertThat(client.quota("www-data").role()).isEqualTo("www-data");
  }

  @Test
  void aSlashOrPercentStaysInsideItsSegment() throws Exception {
    // Jetty refuses these in any path (ambiguous), but the client must not send them as separators or escapes.
    assertThatThrownBy(() -> client().quota("a/b")).hasMessageContaining("/api/quotas/a%2Fb");
    assertThatThrownBy(() -> client().quota("100%")).hasMessageContaining("/api/quotas/100%25");
  }
}
