package io.github.auroradist.executor;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The executor's logging, set up in code rather than from a logback.xml: reading XML loads logback's Joran
 * configurator and the JDK's XML parser, a few MB of classes in every executor JVM (one runs per task; see
 * docs/benchmarks.md). Lines go to standard error, which the agent keeps in the Mesos sandbox, as
 * {@code 2026-01-01 12:00:00.000 INFO  [main] i.g.a.executor.ThermosExecutor - text} ({@link ExecutorLogLayout});
 * ZooKeeper and Curator log warnings and worse only.
 *
 * <p>Found by logback through META-INF/services. It steps aside, and logback reads XML as usual, when an operator
 * names a file with {@code -Dlogback.configurationFile} or a {@code logback-test.xml} is on the class path (the
 * tests').
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ExecutorLogging extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || ExecutorLogging.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** Sets up {@code context} as the executor logs: lines to standard error, ZooKeeper and Curator quieter. */
  static void apply(LoggerContext context) {
    ExecutorLogLayout layout = new ExecutorLogLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("org.apache.zookeeper").setLevel(Level.WARN);
    context.getLogger("org.apache.curator").setLevel(Level.WARN);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
  }
}
