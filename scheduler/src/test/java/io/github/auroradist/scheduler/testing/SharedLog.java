package io.github.auroradist.scheduler.testing;

import io.github.auroradist.scheduler.storage.InMemoryStores;
import io.github.auroradist.scheduler.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link OpenLog} for all the tests of a class, opened before them and closed and deleted after them (a log
 * takes a moment to open; tests keep apart by using their own job keys or hosts). Register it as a static
 * {@code @RegisterExtension} field.
 */
public final class SharedLog implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private OpenLog log;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("scheduler-log-test");
    log = new OpenLog(dir.resolve("db"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (log != null) {
      log.close();
    }
    Directories.deleteTree(dir);
  }

  public Storage storage() {
    return log.storage;
  }

  public InMemoryStores stores() {
    return log.stores;
  }
}
