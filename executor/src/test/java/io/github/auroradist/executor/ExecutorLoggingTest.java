package io.github.auroradist.executor;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExecutorLoggingTest {
  /** The pattern of the logback.xml the executor had: the layout in code must write the same lines. */
  private static final String XML_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n";

  @Test
  void logsToStandardErrorWithZooKeeperAndCuratorQuieter() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      ExecutorLogging.apply(context);
      context.getLogger("io.github.auroradist.executor.runner.TaskRunner").info("task {} runs", "t1");
      context.getLogger("org.apache.zookeeper.ClientCnxn").info("not shown");
      context.getLogger("org.apache.curator.framework.imps.CuratorFrameworkImpl").warn("shown");
    } finally {
      context.stop();
      System.setErr(stderr);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+\\]"
        + " i\\.g\\.a\\.e\\.runner\\.TaskRunner - task t1 runs");
    assertThat(lines[1]).contains(" WARN  [").endsWith(" - shown");
  }

  @Test
  void writesWhatThePatternOfTheOldLogbackXmlWrote() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(XML_PATTERN);
    pattern.start();
    ExecutorLogLayout layout = new ExecutorLogLayout();
    layout.setContext(context);
    layout.start();
    ch.qos.logback.classic.Logger logger = context.getLogger("io.github.auroradist.executor.ThermosExecutor");
    Exception cause = new IllegalStateException("inner");
    LoggingEvent[] events = {
        new LoggingEvent("fqcn", logger, Level.INFO, "subscribed to {}", null, new Object[] {"agent-1"}),
        new LoggingEvent("fqcn", logger, Level.WARN, "x", null, null),
        new LoggingEvent("fqcn", context.getLogger("Short"), Level.DEBUG, "debug", null, null),
        new LoggingEvent("fqcn", logger, Level.ERROR, "failed", new RuntimeException("outer", cause), null)};
    for (LoggingEvent event : events) {
      assertThat(layout.doLayout(event)).isEqualTo(pattern.doLayout(event));
    }
  }
}
