package io.github.auroradist.scheduler.testing;

import io.github.auroradist.emulator.testing.Ports;
import io.github.auroradist.scheduler.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A lone scheduler on loopback for a test class, with no Mesos master (tasks stay PENDING): started before the
 * class's tests, closed after them. Register it as a static {@code @RegisterExtension} field.
 */
public final class RunningScheduler implements BeforeAllCallback, AfterAllCallback {
  /** Flags for the scheduler, given its directory (where they may write the files they name). */
  @FunctionalInterface
  public interface Flags {
    List<String> in(Path dir) throws Exception;
  }

  private final Flags flags;
  private Path dir;
  private Scheduler scheduler;
  private final Http http = new Http(() -> scheduler.httpPort());

  public RunningScheduler() {
    this(dir -> List.of());
  }

  /** A scheduler started with extra flags, as {@link SchedulerFixture#settings} takes them. */
  public RunningScheduler(Flags flags) {
    this.flags = flags;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("scheduler-test");
    scheduler = SchedulerFixture.start(SchedulerFixture.settings(SchedulerFixture.initializedLog(dir), Ports.free(),
        SchedulerFixture.NO_MESOS, flags.in(dir).toArray(String[]::new)));
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
