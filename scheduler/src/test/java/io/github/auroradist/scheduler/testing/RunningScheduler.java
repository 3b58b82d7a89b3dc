package io.github.auroradist.scheduler.testing;

import io.github.auroradist.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A lone scheduler on loopback for a test class, with no Mesos master (tasks stay PENDING): started before the
 * class's tests, closed after them. Register it as a static {@code @RegisterExtension} field.
 */
public final class RunningScheduler implements BeforeAllCallback, AfterAllCallback {
  private Path dir;
  private Scheduler scheduler;
  private final Http http = new Http(() -> scheduler.httpPort());

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("scheduler-test");
    scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (scheduler != null) {
      scheduler.close();
    }
    Directories.deleteTree(dir);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** A client of the scheduler's HTTP port, to keep in a static field: it finds the port once the scheduler runs. */
  public Http http() {
    return http;
  }
}
