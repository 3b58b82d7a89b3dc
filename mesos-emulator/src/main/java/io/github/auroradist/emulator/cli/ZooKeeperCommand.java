package io.github.auroradist.emulator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A single ZooKeeper server, so that a dev cluster needs nothing installed but Java. Production
 * clusters run a ZooKeeper ensemble from their distribution (Debian's zookeeperd, for example).
 */
@Command(name = "zookeeper", mixinStandardHelpOptions = true,
    description = {"Run one ZooKeeper server for a dev cluster (never for production)."})
final class ZooKeeperCommand implements Callable<Integer> {
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
    ServerConfig config = new ServerConfig();
    config.parse(new String[] {Integer.toString(port), dataDir.toAbsolutePath().toString()});
    // Blocks until the server shuts down.
    new ZooKeeperServerMain().runFromConfig(config);
    return 0;
  }
}
