package io.github.auroradist.emulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A single ZooKeeper server, so that a dev cluster needs nothing installed but Java. Production
 * clusters run a ZooKeeper ensemble from their distribution (Debian's zookeeperd, for example).
 */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
    description = {"Run one ZooKeeper server for a dev cluster (never for production)."})
final class ZooKeeperCommand implements Callable<Integer> {
  /** The line printed once clients can connect. */
  static final String SERVING = "ZooKeeper is serving clients on port ";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", description = "Client port (default: ${DEFAULT-VALUE}).", defaultValue = "2181")
  int port;

  @Option(names = "--data_dir", required = true, description = "Where ZooKeeper keeps its data.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port=" + port + " is out of range 1-65535");
    }
    Files.createDirectories(dataDir);
    // The admin server (HTTP on 8080) needs javax.servlet, which this jar does not ship: left on, it
    // greets every dev cluster with a NoClassDefFoundError stack trace. Nothing here uses it.
    System.setProperty("zookeeper.admin.enableServer", "false");
    ServerConfig config = new ServerConfig();
    config.parse(new String[] {Integer.toString(port), dataDir.toAbsolutePath().toString()});
    ZooKeeperServerMain server = new ZooKeeperServerMain() {
      @Override
      protected void serverStarted() {
        spec.commandLine().getOut().println(SERVING + port);
      }
    };
    server.runFromConfig(config); // blocks until the server shuts down
    return 0;
  }
}
