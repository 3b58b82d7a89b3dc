package io.github.auroradist.common.thermos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskPortsTest {
  private static TemplateBinder binder(Map<String, Integer> ports) {
    return new TemplateBinder(TemplateBinder.executorBindings(0, "h", ports, "t", "u"));
  }

  private static Map<String, Object> config(String announce, String cmdline) {
    return ThermosConfigs.readTree("{\"name\": \"web\"" + (announce == null ? "" : ", \"announce\": " + announce)
        + ", \"task\": {\"processes\": [{\"name\": \"p\", \"cmdline\": \"" + cmdline + "\"}]}}");
  }

  @Test
  void aliasesFollowChainsToAssignedPortsAndLiteralNumbers() {
    TaskPorts ports = TaskPorts.resolve(Map.of("aurora", "http", "https", "aurora", "admin", "8080", "debug", "admin"),
        Map.of("http", 31000, "health", 31001));
    assertThat(ports.ports()).isEqualTo(Map.of("http", 31000, "health", 31001, "aurora", 31000, "https", 31000,
        "admin", 8080, "debug", 8080));
    assertThat(ports.unresolved()).isEmpty();
  }

  @Test
  void anAssignedPortWinsOverAPortmapEntryOfTheSameName() {
    assertThat(TaskPorts.resolve(Map.of("http", "80"), Map.of("http", 31000)).ports())
        .isEqualTo(Map.of("http", 31000));
  }

  @Test
  void theDefaultPortmapAndTemplatedValuesAreBoundBeforeResolving() {
    // Announcer() as the client writes it: the portmap default still says {{primary_port}}; a
    // literal number may arrive as a JSON number.
    Map<String, Object> config = config("{\"primary_port\": \"http\", \"portmap\": {\"aurora\": \"{{primary_port}}\","
        + " \"static\": 8080, \"named\": \"{{name}}\"}}", "serve");
    TaskPorts ports = TaskPorts.resolve(config, binder(Map.of("http", 31000, "web", 31002)),
        Map.of("http", 31000, "web", 31002));
    assertThat(ports.ports()).containsEntry("aurora", 31000).containsEntry("static", 8080)
        .containsEntry("named", 31002);
    assertThat(TaskPorts.resolve(config("{}", "serve"), binder(Map.of("http", 1)), Map.of("http", 1)).ports())
        .isEqualTo(Map.of("http", 1, "aurora", 1));
    assertThat(TaskPorts.resolve(config(null, "serve"), binder(Map.of("http", 1)), Map.of("http", 1)).ports())
        .isEqualTo(Map.of("http", 1));
  }

  @Test
  void anAliasOfAPortTheTaskWasNotGivenIsAnErrorOnlyWhereItIsReferredTo() {
    TaskPorts ports = TaskPorts.resolve(Map.of("admin", "debug", "debug", "metrics"), Map.of("http", 31000));
    assertThat(ports.ports()).isEqualTo(Map.of("http", 31000));
    assertThat(ports.unresolved()).isEqualTo(Map.of("admin", List.of("admin", "debug", "metrics"),
        "debug", List.of("debug", "metrics")));
    ports.requireResolvedReferences(config(null, "serve {{thermos.ports[http]}}"));
    assertThatThrownBy(() -> ports.requireResolvedReferences(config(null, "serve {{ thermos.ports[admin] }}")))
        .hasMessageContaining("{{thermos.ports[admin]}}")
        .hasMessageContaining("maps 'admin' to 'metrics' (admin -> debug -> metrics)")
        .hasMessageContaining("a port the task was not given")
        .hasMessageContaining("the task's ports are [http]")
        .hasMessageNotContaining("ports[debug]");
  }

  @Test
  void cyclesAndNumbersThatAreNoPortsAreClearErrors() {
    assertThatThrownBy(() -> TaskPorts.resolve(Map.of("a", "b", "b", "a"), Map.of()))
        .hasMessageContaining("cycle: a -> b -> a");
    assertThatThrownBy(() -> TaskPorts.resolve(Map.of("a", "70000"), Map.of()))
        .hasMessageContaining("maps 'a' to 70000, which is not a port number");
    Map<String, String> nothing = new HashMap<>();
    nothing.put("a", null);
    assertThatThrownBy(() -> TaskPorts.resolve(nothing, Map.of())).hasMessageContaining("gives 'a' no port");
  }

  @Test
  void portReferencesAreFoundAnywhereInTheConfiguration() {
    Map<String, Object> config = ThermosConfigs.readTree("{\"a\": \"{{thermos.ports[x]}} {{thermos.ports[ y ]}}\","
        + " \"b\": [{\"c\": \"{{thermos.task_id}} {{thermos.ports[z]}}\"}], \"d\": 1}");
    assertThat(TemplateBinder.portReferences(config)).containsExactly("x", "y", "z");
  }
}
