package io.github.auroradist.mesos.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.auroradist.mesos.detect.MasterDetector;
import io.github.auroradist.mesos.http.MesosCallException;
import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Drives the client's stream handling against a real HTTP server that misbehaves on purpose:
 * silence after SUBSCRIBED, garbage RecordIO, redirects. The Mesos emulator covers the happy paths.
 */
class SchedulerClientStreamTest {
  /** What the scripted master does with the next SUBSCRIBE. */
  enum Script { SUBSCRIBE_THEN_SILENCE, SUBSCRIBE_THEN_HEARTBEATS, GARBAGE, REDIRECT }

  private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> streamIdsSeen = new CopyOnWriteArrayList<>();
  private HttpServer master;
  private HttpServer other;
  private MesosSchedulerClient client;
  private final Recorder recorder = new Recorder();
  /** Ends every stream the scripted master holds open: the test is over. */
  private final CountDownLatch testOver = new CountDownLatch(1);

  static final class Recorder implements SchedulerListener {
    final List<String> subscribed = new CopyOnWriteArrayList<>();
    final List<String> disconnects = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<Offer> offers = new CopyOnWriteArrayList<>();

    @Override
    public void subscribed(FrameworkID id, Duration heartbeat, MasterInfo master) {
      subscribed.add(id.getValue());
    }

    @Override
    public void offers(List<Offer> list) {
      offers.addAll(list);
    }

    @Override
    public void rescind(OfferID offer) {}

    @Override
    public void update(TaskStatus status) {}

    @Override
    public void disconnected(String why) {
      disconnects.add(why);
    }

    @Override
    public void error(String message) {
      errors.add(message);
    }
  }

  private HttpServer start(MesosContentType type) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/v1/scheduler", exchange -> handle(exchange, type));
    server.start();
    return server;
  }

  private void handle(HttpExchange exchange, MesosContentType type) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Call call = type.decode(body, Call.getDefaultInstance());
    calls.add(call);
    if (call.getType() != Call.Type.SUBSCRIBE) {
      streamIdsSeen.add(exchange.getRequestHeaders().getFirst("Mesos-Stream-Id"));
      int status = call.getType() == Call.Type.SUPPRESS ? 400 : 202;
      byte[] reply = status == 400 ? "Framework is not subscribed".getBytes(StandardCharsets.UTF_8) : new byte[0];
      exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
      exchange.getResponseBody().write(reply);
      exchange.close();
      return;
    }
    Script script = scripts.poll();
    if (script == null) {
      script = Script.SUBSCRIBE_THEN_HEARTBEATS;
    }
    if (script == Script.REDIRECT) {
      exchange.getResponseHeaders().add("Location", "//127.0.0.1:" + master.getAddress().getPort()
          + "/api/v1/scheduler");
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", type.mediaType());
    exchange.getResponseHeaders().add("Mesos-Stream-Id", "stream-" + calls.size());
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      if (script == Script.GARBAGE) {
        out.write("12x\n{}".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        testOver.await(); // holds the broken stream open: the client must give it up by itself
        return;
      }
      String id = call.getFrameworkId().getValue().isEmpty() ? "fw-assigned" : call.getFrameworkId().getValue();
      RecordIo.write(out, type.encode(Event.newBuilder().setType(Event.Type.SUBSCRIBED)
          .setSubscribed(Event.Subscribed.newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue(id))
              .setHeartbeatIntervalSeconds(heartbeatSeconds(script))).build()));
      out.flush();
      if (script == Script.SUBSCRIBE_THEN_SILENCE) {
        testOver.await(); // silent for good: the client must notice the missing heartbeats and drop it
        return;
      }
      do {
        RecordIo.write(out, type.encode(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()));
        out.flush();
      } while (!testOver.await(100, TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientWentAway) {
      // The client dropped the stream; that is what some tests want.
    } finally {
      exchange.close();
    }
  }

  /**
   * Short only where a test waits for the client to notice silence: elsewhere a busy machine's pause of a few
   * hundred milliseconds must not look like a dead master.
   */
  private static double heartbeatSeconds(Script script) {
    return script == Script.SUBSCRIBE_THEN_SILENCE ? 0.2 : 5;
  }

  private MesosSchedulerClient client(HttpServer server, MesosContentType type) {
    FrameworkInfo framework = FrameworkInfo.newBuilder().setUser("aurora").setName("Aurora").build();
    return new MesosSchedulerClient(MasterDetector.create("127.0.0.1:" + server.getAddress().getPort()), framework,
        recorder, SchedulerClientOptions.defaults().withContentType(type)
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).withMissedHeartbeats(3));
  }

  @AfterEach
  void stop() {
    testOver.countDown();
    if (client != null) {
      client.close();
    }
    for (HttpServer s : new HttpServer[] {master, other}) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(MesosContentType.class)
  void silentStreamIsDroppedAndResubscribedWithTheAssignedFrameworkId(MesosContentType type) throws Exception {
    master = start(type);
    scripts.add(Script.SUBSCRIBE_THEN_SILENCE);
    client = client(master, type);
    client.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.subscribed.size() >= 2);
    assertThat(recorder.disconnects).anySatisfy(why -> assertThat(why).contains("heartbeat"));
    List<Call> subscribes = calls.stream().filter(c -> c.getType() == Call.Type.SUBSCRIBE).toList();
    assertThat(subscribes.get(0).hasFrameworkId()).isFalse();
    assertThat(subscribes.get(1).getFrameworkId().getValue()).isEqualTo("fw-assigned");
    assertThat(subscribes.get(1).getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-assigned");
    assertThat(client.framework().getId().getValue()).isEqualTo("fw-assigned");
  }

  @Test
  void malformedRecordIoEndsTheStreamAndTheClientReconnects() throws Exception {
    master = start(MesosContentType.PROTOBUF);
    scripts.add(Script.GARBAGE);
    client = client(master, MesosContentType.PROTOBUF);
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.subscribed.size() == 1 && client.isSubscribed());
    assertThat(calls.stream().filter(c -> c.getType() == Call.Type.SUBSCRIBE).count()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void followsSchemeRelativeRedirectToTheLeader() throws Exception {
    master = start(MesosContentType.PROTOBUF);
    other = start(MesosContentType.PROTOBUF);
    scripts.add(Script.REDIRECT);
    client = client(other, MesosContentType.PROTOBUF);
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(client::isSubscribed);
    assertThat(client.currentMaster()).hasValueSatisfying(
        uri -> assertThat(uri.getPort()).isEqualTo(master.getAddress().getPort()));
  }

  @Test
  void callsCarryTheStreamIdAndRefusalsAreReported() throws Exception {
    master = start(MesosContentType.JSON);
    client = client(master, MesosContentType.JSON);
    assertThatThrownBy(client::revive).isInstanceOf(MesosCallException.class).hasMessageContaining("not subscribed");
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(client::isSubscribed);

    client.revive();
    assertThat(streamIdsSeen).containsExactly("stream-1");
    Call revive = calls.get(calls.size() - 1);
    assertThat(revive.getType()).isEqualTo(Call.Type.REVIVE);
    assertThat(revive.getFrameworkId().getValue()).isEqualTo("fw-assigned");

    assertThatThrownBy(client::suppress).isInstanceOf(MesosCallException.class)
        .hasMessageContaining("HTTP 400").hasMessageContaining("Framework is not subscribed")
        .satisfies(e -> assertThat(((MesosCallException) e).status()).isEqualTo(400));
  }
}
