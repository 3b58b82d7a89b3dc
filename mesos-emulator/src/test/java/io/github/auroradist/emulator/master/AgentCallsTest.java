package io.github.auroradist.emulator.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.auroradist.emulator.http.ProtoJson;
import io.github.auroradist.emulator.http.Servers;
import io.github.auroradist.emulator.http.TextFailures;
import io.github.auroradist.emulator.protocol.AgentProtocol;
import io.github.auroradist.http.Routes;
import io.github.auroradist.http.RoutingHandler;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master's calls to agents over real HTTP: an agent's calls arrive in the order made; to agents that take
 * batches, whatever queued while a call was under way goes in one batch, each call answered on its own.
 */
class AgentCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Task ids in the order the agent end saw them, and the size of each request (1 for a single call). */
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> requestSizes = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);
  private Server server;
  private URI endpoint;

  @BeforeEach
  void start() throws Exception {
    Routes routes = new Routes()
        .post(AgentProtocol.RUN, x -> {
          JsonNode body = ProtoJson.MAPPER.readTree(x.body(1 << 20));
          requestSizes.add(1);
          take(body);
          x.empty(200);
        })
        .post(AgentProtocol.BATCH, x -> {
          JsonNode batch = ProtoJson.MAPPER.readTree(x.body(1 << 20));
          ObjectNode answer = ProtoJson.MAPPER.createObjectNode();
          ArrayNode results = answer.putArray("results");
          requestSizes.add(batch.path("calls").size());
          for (JsonNode call : batch.path("calls")) {
            boolean refused = take(call.path("body"));
            results.addObject().put("status", refused ? 400 : 200).put("body", refused ? "bad task" : "");
          }
          x.json(200, ProtoJson.MAPPER.writeValueAsBytes(answer));
        });
    server = Servers.start("agent-calls-test", "127.0.0.1", 0,
        new RoutingHandler(routes, new TextFailures("test agent", AgentProtocol.RUN), 1 << 20));
    endpoint = URI.create("http://127.0.0.1:" + Servers.port(server));
  }

  /** Records the call; the first waits for {@link #release}, so that the others queue meanwhile. */
  private boolean take(JsonNode body) throws InterruptedException {
    String task = body.path("task_id").asText();
    seen.add(body.path("agent_id").asText() + ":" + task);
    if (task.equals("t0")) {
      assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
    }
    return task.startsWith("bad");
  }

  @AfterEach
  void stop() {
    Servers.stop(server);
  }

  private static ObjectNode task(String id) {
    return ProtoJson.MAPPER.createObjectNode().put("task_id", id);
  }

  @Test
  void callsQueuedMeanwhileGoInOneBatchInOrderEachAnsweredOnItsOwn() {
    AgentCalls calls = new AgentCalls("sim", true);
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    List<String> expected = new ArrayList<>();
    calls.post(endpoint, "a0", AgentProtocol.RUN, () -> task("t0"), failed::add, () -> true);
    expected.add("a0:t0");
    await().atMost(WAIT).until(() -> seen.size() == 1);
    for (int i = 1; i <= 20; i++) {
      String agent = "a" + i % 3;
      String id = i == 7 ? "bad7" : "t" + i;
      calls.post(endpoint, agent, AgentProtocol.RUN, () -> task(id), why -> failed.add(id + " " + why), () -> true);
      expected.add(agent + ":" + id);
    }
    calls.post(endpoint, "gone", AgentProtocol.RUN, () -> task("dropped"), failed::add, () -> false);
    release.countDown();

    await().atMost(WAIT).until(() -> seen.size() == expected.size());
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(requestSizes).containsExactly(1, 20);
    await().atMost(WAIT).until(() -> !failed.isEmpty());
    assertThat(failed).containsExactly("bad7 HTTP 400 bad task");
    calls.stop();
  }

  @Test
  void anAgentOfItsOwnGetsItsCallsOneByOneInOrder() {
    AgentCalls calls = new AgentCalls("a1", false);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = "t" + i;
      calls.post(endpoint, "a1", AgentProtocol.RUN, () -> task(id), why -> { }, () -> true);
      expected.add("a1:" + id);
    }
    release.countDown();
    await().atMost(WAIT).until(() -> seen.size() == expected.size());
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(requestSizes).containsOnly(1);
    calls.stop();
  }
}
