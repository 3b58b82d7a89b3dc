package io.github.auroradist.mesos.detect;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the leading Mesos master. Accepts the forms Mesos itself accepts for {@code --master}:
 * {@code host:port}, {@code http(s)://host:port} and {@code zk://host:port[,host:port]/path}.
 */
public interface MasterDetector extends AutoCloseable {

  /**
   * Makes a detector for an address.
   *
   * @throws IllegalArgumentException when the text is none of the accepted forms
   */
  static MasterDetector create(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException(
          "no Mesos master address given; use host:port, http://host:port or zk://host:port/mesos");
    }
    String text = address.trim();
    if (text.startsWith("zk://")) {
      return ZooKeeperMasterDetector.parse(text);
    }
    return StaticMasterDetector.parse(text);
  }

  /** Connects (for ZooKeeper) and starts following leadership changes. Idempotent. */
  void start() throws Exception;

  /** The leading master's base URI, such as {@code http://10.0.0.1:5050}, if one is known now. */
  Optional<URI> leader();

  /** Waits up to {@code timeout} for a leader to be known. */
  default Optional<URI> awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<URI> leader = leader();
      if (leader.isPresent() || System.nanoTime() >= deadline) {
        return leader;
      }
      Thread.sleep(50);
    }
  }

  /** What the detector looks at, for log lines and error messages. */
  String describe();

  @Override
  void close();
}
