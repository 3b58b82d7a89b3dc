package io.github.auroradist.emulator.testing;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link EmulatorCluster} as a JUnit 5 extension: in a static {@code @RegisterExtension} field it runs for the
 * whole class (started before the class's {@code @BeforeAll} methods, stopped after its {@code @AfterAll} ones), in an
 * instance field for each test. Its agents work in a directory of their own, deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorClusterExtension MESOS = new EmulatorClusterExtension(b -> b.agents(2).standardAgents());
 * ... MESOS.cluster().masterUri() ...
 * }</pre>
 */
public final class EmulatorClusterExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final UnaryOperator<EmulatorCluster.Builder> options;
  private Path workDir;
  private EmulatorCluster cluster;
  private boolean perClass;

  /** A cluster built with {@code options} on top of the builder's defaults. */
  public EmulatorClusterExtension(UnaryOperator<EmulatorCluster.Builder> options) {
    this.options = options;
  }

  /** The running cluster. */
  public EmulatorCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the emulated cluster runs only while its tests do");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void start() throws Exception {
    workDir = Files.createTempDirectory("emulator-cluster");
    cluster = options.apply(EmulatorCluster.builder(workDir)).start();
  }

  private void stop() throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      cluster = null;
      if (workDir != null) {
        deleteTree(workDir);
        workDir = null;
      }
    }
  }

  /** Best effort: what an executor still writes while it dies only leaves a temporary directory behind. */
  private static void deleteTree(Path root) {
    try {
      walkAndDelete(root);
    } catch (IOException e) {
      System.err.println("could not delete all of " + root + ": " + e);
    }
  }

  private static void walkAndDelete(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
