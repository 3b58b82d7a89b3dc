package io.github.auroradist.scheduler.testing;

import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.LogDirectory;
import io.github.auroradist.scheduler.storage.LogPeer;
import io.github.auroradist.scheduler.storage.RatisDurableLog;
import io.github.auroradist.scheduler.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** A real single-peer Ratis log in a temporary directory, with stores and storage on top. */
public final class OpenLog implements AutoCloseable {
  public final InMemoryStores stores = new InMemoryStores();
  public final RatisDurableLog log;
  public final Storage storage;

  public OpenLog(Path dir) throws IOException {
    LogDirectory logDir = new LogDirectory(dir);
    logDir.initialize(UUID.randomUUID());
    log = RatisDurableLog.open(RatisDurableLog.Options.singlePeer(logDir, new LogPeer("127.0.0.1", Ports.free())),
        stores, Duration.ofSeconds(30));
    storage = new Storage(stores, log, e -> { throw new IllegalStateException("log failed in a test", e); });
  }

  @Override
  public void close() {
    log.close();
  }
}
