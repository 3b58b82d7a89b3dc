package io.github.auroradist.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.auroradist.emulator.testing.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ObserverMainTest {
  @TempDir Path root;

  /** Runs the command line with stdout and stderr captured; returns {exit code, out, err}. */
  private static List<String> run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = ObserverMain.run(args);
      return List.of(Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void defaultsAreAurorasAndItsSpellingsParse() {
    ObserverMain main = new ObserverMain();
    new CommandLine(main).parseArgs();
    assertThat(main.ip).isEqualTo("0.0.0.0");
    assertThat(main.port).isEqualTo(1338);
    assertThat(main.mesosRoot).isEqualTo(Path.of("/var/lib/mesos"));
    assertThat(main.pollingIntervalSecs).isEqualTo(5);

    ObserverMain custom = new ObserverMain();
    new CommandLine(custom).parseArgs("--ip", "127.0.0.1", "--port=8080", "--mesos-root=/srv/mesos",
        "--polling_interval_secs", "2");
    assertThat(custom.ip).isEqualTo("127.0.0.1");
    assertThat(custom.port).isEqualTo(8080);
    assertThat(custom.mesosRoot).isEqualTo(Path.of("/srv/mesos"));
    assertThat(custom.pollingIntervalSecs).isEqualTo(2);

    ObserverMain alt = new ObserverMain();
    new CommandLine(alt).parseArgs("--mesos_root", "/m", "--polling-interval-secs=9");
    assertThat(alt.mesosRoot).isEqualTo(Path.of("/m"));
    assertThat(alt.pollingIntervalSecs).isEqualTo(9);
  }

  @Test
  void unknownFlagsAndBadValuesExitOneWithAClearMessage() {
    List<String> unknown = run("--mesos-rot", "/x");
    assertThat(unknown.get(0)).isEqualTo("1");
    assertThat(unknown.get(2)).contains("--mesos-rot").contains("--help");

    List<String> badPort = run("--port", "http");
    assertThat(badPort.get(0)).isEqualTo("1");
    assertThat(badPort.get(2)).contains("--port").contains("http");

    List<String> badIp = run("--ip", "999.1.1.1", "--port", "0", "--mesos-root", "/nonexistent");
    assertThat(badIp.get(0)).isEqualTo("1");
    assertThat(badIp.get(2)).contains("cannot listen on 999.1.1.1:0", "--ip must be an address");

    List<String> zero = run("--polling_interval_secs", "0", "--mesos-root", "/nonexistent");
    assertThat(zero.get(0)).isEqualTo("1");
    assertThat(zero.get(2)).contains("--polling_interval_secs must be 1 or more");
  }

  @Test
  void helpListsTheFlags() {
    List<String> help = run("--help");
    assertThat(help.get(0)).isEqualTo("0");
    assertThat(help.get(1)).contains("--ip", "--port", "--mesos-root", "--polling_interval_secs", "1338",
        "/var/lib/mesos");
  }

  @Test
  void theRealMainServesHealthAndRefusesABusyPort() throws Exception {
    int port = Ports.free();
    String[] args = {"--ip", "127.0.0.1", "--port", Integer.toString(port), "--mesos-root", root.toString(),
        "--polling_interval_secs", "1"};
    Thread main = new Thread(() -> ObserverMain.run(args), "observer-main-under-test");
    main.setDaemon(true);
    main.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
        assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("OK"));

    List<String> second = run(args);
    assertThat(second.get(0)).isEqualTo("1");
    assertThat(second.get(2)).contains("cannot listen on 127.0.0.1:" + port);
  }
}
