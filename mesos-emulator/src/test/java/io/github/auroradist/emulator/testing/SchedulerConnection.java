package io.github.auroradist.emulator.testing;

import io.github.auroradist.mesos.http.MesosContentType;
import io.github.auroradist.mesos.recordio.RecordIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scheduler spoken in raw HTTP, for tests: SUBSCRIBE streams events (RecordIO) into a queue; calls
 * go on separate requests with the Mesos-Stream-Id.
 */
public final class SchedulerConnection implements AutoCloseable {
  public static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final URI master;
  private final MesosContentType type;
  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Event> seen = new ArrayList<>();
  private final HttpResponse<InputStream> response;
  private final Thread reader;
  private volatile boolean ended;
  public final String streamId;
  public final FrameworkID frameworkId;

  private SchedulerConnection(URI master, MesosContentType type, HttpResponse<InputStream> response) throws Exception {
    this.master = master;
    this.type = type;
    this.response = response;
    this.streamId = response.headers().firstValue(MesosContentType.STREAM_ID).orElseThrow();
    this.reader = new Thread(this::readLoop, "test-scheduler-reader");
    this.reader.setDaemon(true);
    this.reader.start();
    Event subscribed = await(Event.Type.SUBSCRIBED, Duration.ofSeconds(10));
    this.frameworkId = subscribed.getSubscribed().getFrameworkId();
  }

  public static FrameworkInfo.Builder framework(String name) {
    return FrameworkInfo.newBuilder().setUser(System.getProperty("user.name")).setName(name);
  }

  public static SchedulerConnection subscribe(URI master, FrameworkInfo info) throws Exception {
    return subscribe(master, info, MesosContentType.JSON);
  }

  public static SchedulerConnection subscribe(URI master, FrameworkInfo info, MesosContentType type) throws Exception {
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
        .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
    if (info.hasId()) {
      call.setFrameworkId(info.getId());
    }
    HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(master.resolve("/api/v1/scheduler"))
        .header("Content-Type", type.mediaType()).header("Accept", type.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(type.encode(call.build()))).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String body = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new IllegalStateException("SUBSCRIBE answered " + response.statusCode() + ": " + body);
    }
    return new SchedulerConnection(master, type, response);
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  private void readLoop() {
    try (InputStream in = response.body()) {
      RecordIo.Reader records = new RecordIo.Reader(in);
      byte[] record;
      while ((record = records.next()) != null) {
        events.add(type.decode(record, Event.getDefaultInstance()));
      }
    } catch (IOException e) {
      // stream closed
    } finally {
      ended = true;
    }
  }

  /** True once the master ended the stream (or it broke). */
  public boolean ended() {
    return ended;
  }

  /** Waits for the next event of the type (earlier events of other types are kept for later). */
  public Event await(Event.Type eventType, Duration timeout) throws InterruptedException {
    return await(e -> e.getType() == eventType, timeout, eventType.name());
  }

  public Event await(Predicate<Event> matching, Duration timeout, String what) throws InterruptedException {
    synchronized (seen) {
      for (int i = 0; i < seen.size(); i++) {
        if (matching.test(seen.get(i))) {
          return seen.remove(i);
        }
      }
    }
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left <= 0) {
        throw new AssertionError("no " + what + " event within " + timeout + "; unmatched events: " + seen);
      }
      Event e = events.poll(left, TimeUnit.MILLISECONDS);
      if (e == null) {
        continue;
      }
      if (matching.test(e)) {
        return e;
      }
      synchronized (seen) {
        if (e.getType() != Event.Type.HEARTBEAT) {
          seen.add(e);
        }
      }
    }
  }

  /** Waits for an OFFERS event holding an offer that matches, and returns that offer. */
  public org.apache.mesos.v1.Protos.Offer awaitOffer(Predicate<org.apache.mesos.v1.Protos.Offer> matching,
      Duration timeout, String what) throws InterruptedException {
    Event event = await(e -> e.getType() == Event.Type.OFFERS
        && e.getOffers().getOffersList().stream().anyMatch(matching), timeout, what);
    return event.getOffers().getOffersList().stream().filter(matching).findFirst().orElseThrow();
  }

  /** Waits for an offer of the agent. */
  public org.apache.mesos.v1.Protos.Offer awaitOfferOn(String agentId, Duration timeout) throws InterruptedException {
    return awaitOffer(o -> o.getAgentId().getValue().equals(agentId), timeout, "offer of agent " + agentId);
  }

  /** Waits for an UPDATE of the task in the state. */
  public Event awaitUpdate(String taskId, org.apache.mesos.v1.Protos.TaskState state, Duration timeout)
      throws InterruptedException {
    return await(e -> e.getType() == Event.Type.UPDATE
        && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)
        && e.getUpdate().getStatus().getState() == state, timeout, "UPDATE " + taskId + " " + state);
  }

  /** Waits for an UPDATE of the task in the state and acknowledges that update. */
  public org.apache.mesos.v1.Protos.TaskStatus awaitUpdateAndAcknowledge(String taskId,
      org.apache.mesos.v1.Protos.TaskState state, Duration timeout) throws Exception {
    org.apache.mesos.v1.Protos.TaskStatus status = awaitUpdate(taskId, state, timeout).getUpdate().getStatus();
    call(Tasks.acknowledge(status));
    return status;
  }

  /**
   * Waits for an UPDATE of the task in the state, acknowledging it and every other update of the task
   * that needs it on the way (at-least-once delivery may repeat earlier ones).
   */
  public org.apache.mesos.v1.Protos.TaskStatus awaitUpdateAcking(String taskId,
      org.apache.mesos.v1.Protos.TaskState state,
      Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative()) {
        throw new AssertionError("no UPDATE " + taskId + " " + state + " within " + timeout);
      }
      org.apache.mesos.v1.Protos.TaskStatus status = await(e -> e.getType() == Event.Type.UPDATE
          && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId), left, "UPDATE " + taskId)
          .getUpdate().getStatus();
      if (status.hasUuid()) {
        call(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
            .setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
      }
      if (status.getState() == state) {
        return status;
      }
    }
  }

  /**
   * Waits until OFFERS events have brought offers of {@code agents} different agents; returns the first
   * offer of each, in the order they came.
   */
  public List<org.apache.mesos.v1.Protos.Offer> awaitOffersFromAgents(int agents, Duration timeout)
      throws InterruptedException {
    Map<String, org.apache.mesos.v1.Protos.Offer> byAgent = new LinkedHashMap<>();
    Instant deadline = Instant.now().plus(timeout);
    while (byAgent.size() < agents) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new AssertionError("offers of " + agents + " agents did not come within " + timeout + "; got offers of "
            + byAgent.keySet());
      }
      for (org.apache.mesos.v1.Protos.Offer offer : await(Event.Type.OFFERS, left).getOffers().getOffersList()) {
        byAgent.putIfAbsent(offer.getAgentId().getValue(), offer);
      }
    }
    return new ArrayList<>(byAgent.values());
  }

  /** Sends a call with this stream's id; returns the HTTP response. */
  public HttpResponse<String> call(Call call) throws Exception {
    return post(master, type, call.toBuilder().setFrameworkId(frameworkId).build(), streamId);
  }

  public static HttpResponse<String> post(URI master, MesosContentType type, Call call, String streamId)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(master.resolve("/api/v1/scheduler"))
        .header("Content-Type", type.mediaType()).header("Accept", type.mediaType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(type.encode(call)));
    if (streamId != null) {
      b.header(MesosContentType.STREAM_ID, streamId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> postRaw(URI master, String contentType, byte[] body, String streamId)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(master.resolve("/api/v1/scheduler"))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (streamId != null) {
      b.header(MesosContentType.STREAM_ID, streamId);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Drops the subscription's connection (as a crashed scheduler would). */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
    reader.interrupt();
  }
}
