package io.github.auroradist.emulator.http;

import io.github.auroradist.mesos.recordio.RecordIo;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-lived RecordIO response (the SUBSCRIBE streams). Records are queued and written by one
 * thread, so callers holding locks never block on a slow client. The stream ends when closed or when
 * a write fails (the client went away); then the close listener runs once.
 */
public final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  /** Queued by {@link #close}: the writer ends the response there; compared by identity, never encoded. */
  private static final Supplier<byte[]> END = new Supplier<>() {
    @Override
    public byte[] get() {
      throw new IllegalStateException("the end of a stream is not a record");
    }
  };
  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final String name;
  private final Response response;
  private final Callback callback;
  private final LinkedBlockingQueue<Supplier<byte[]>> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Runnable onClose = () -> {};

  private EventStream(String name, Request request, Response response, Callback callback) {
    this.name = name;
    this.response = response;
    this.callback = callback;
    request.addFailureListener(failure -> close());
  }

  /** Starts streaming; the response headers (status 200 and content type) must be set already. */
  public static EventStream start(String name, Request request, Response response, Callback callback) {
    EventStream stream = new EventStream(name, request, response, callback);
    Thread writer = new Thread(stream::writeLoop, "stream-" + name);
    writer.setDaemon(true);
    writer.start();
    return stream;
  }

  public void onClose(Runnable listener) {
    this.onClose = listener;
    if (closed.get()) {
      listener.run();
    }
  }

  public boolean isOpen() {
    return !closed.get();
  }

  /** Queues one record; silently dropped once the stream has ended. */
  public void send(byte[] record) {
    send(() -> record);
  }

  /**
   * Queues one record that the stream's own thread encodes when its turn comes: the order is the order of these
   * calls, made under the master's lock, while the encoding (an OFFERS event of thousands of offers) is not.
   */
  public void send(Supplier<byte[]> record) {
    if (!closed.get()) {
      queue.add(record);
    }
  }

  /** Ends the stream after the records already queued. */
  public void close() {
    if (closed.compareAndSet(false, true)) {
      queue.add(END);
      try {
        onClose.run();
      } catch (RuntimeException e) {
        LOG.warn("close listener of stream {} failed", name, e);
      }
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        Supplier<byte[]> record = queue.take();
        if (record == END) {
          break;
        }
        byte[] framed = RecordIo.frame(record.get());
        FutureCallback written = new FutureCallback();
        response.write(false, ByteBuffer.wrap(framed), written);
        written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      response.write(true, null, callback);
    } catch (Exception e) {
      LOG.debug("stream {} ended: {}", name, e.toString());
      callback.failed(e);
    } finally {
      close();
    }
  }
}
