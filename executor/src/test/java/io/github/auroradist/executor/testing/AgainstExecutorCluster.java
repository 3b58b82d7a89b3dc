package io.github.auroradist.executor.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose tests share one {@link ExecutorCluster}, started before them and stopped after. */
public abstract class AgainstExecutorCluster {
  @TempDir
  protected static Path dir;
  protected static ExecutorCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = ExecutorCluster.start(dir);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }
}
