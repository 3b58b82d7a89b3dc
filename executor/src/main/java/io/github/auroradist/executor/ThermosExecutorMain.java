package io.github.auroradist.executor;

import io.github.auroradist.common.process.BoundedStop;
import io.github.auroradist.common.process.ProcessHealth;
import io.github.auroradist.mesos.executor.ExecutorEnvironment;
import io.github.auroradist.mesos.executor.MesosExecutorClient;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code thermos_executor}: started by a Mesos agent with the MESOS_* environment. */
public final class ThermosExecutorMain {
  private static final Logger LOG = LoggerFactory.getLogger(ThermosExecutorMain.class);

  private final ExecutorFlags flags;

  ThermosExecutorMain(ExecutorFlags flags) {
    this.flags = flags;
  }

  public static void main(String[] args) {
    // An Error in any thread (an OutOfMemoryError in the launch above all) ends the executor at once, so that the
    // agent reports the task lost instead of leaving it in STARTING while the JVM idles on.
    ProcessHealth.ofThisProcess().installAsDefaultHandler();
    ExecutorFlags flags;
    try {
      flags = ExecutorFlags.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(ExecutorFlags.USAGE);
      System.exit(2);
      return;
    }
    if (flags.help) {
      System.out.print(ExecutorFlags.USAGE);
      System.exit(0);
    }
    if (flags.version) {
      System.out.println(ExecutorFlags.VERSION);
      System.exit(0);
    }
    int status;
    try {
      status = new ThermosExecutorMain(flags).call();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  int call() throws Exception {
    if (!flags.unmatched().isEmpty()) {
      LOG.warn("ignoring options this executor does not know: {}", flags.unmatched());
    }
    if (flags.selfTest) {
      return SelfTest.run(System.out);
    }
    ExecutorSettings settings;
    ExecutorEnvironment env;
    try {
      settings = flags.settings();
      env = ExecutorEnvironment.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("thermos_executor: " + e.getMessage());
      return 2;
    }
    MesosExecutorClient[] holder = new MesosExecutorClient[1];
    ThermosExecutor executor = new ThermosExecutor(settings, env.directory(), new StatusChannel() {
      @Override
      public void update(TaskStatus status) {
        holder[0].update(status);
      }

      @Override
      public boolean allAcknowledged() {
        return holder[0].unacknowledgedUpdates().isEmpty();
      }
    });
    // Processes run in their own sessions, so a terminated executor must take them down itself.
    BoundedStop.install("thermos_executor", BoundedStop.DEFAULT_BOUND, () -> executor.runner().ifPresent(r -> {
      if (!r.outcome().isDone()) {
        LOG.warn("the executor is exiting with the task still running; killing its processes");
        r.killAllNow();
      }
    }));
    try (MesosExecutorClient client = new MesosExecutorClient(env, executor)) {
      holder[0] = client;
      client.start();
      executor.done().join();
    }
    LOG.info("thermos_executor exits");
    return 0;
  }
}
