package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JVM the distribution starts (daemons, tools, clients, dev scripts) exits after an OutOfMemoryError: a JVM
 * that ran out of memory may go on half-working (a library swallows the error), and a scheduler that does keeps
 * its place in the serverset while its writes hang.
 */
class LaunchersTest {
  private static final String FLAG = "-XX:+ExitOnOutOfMemoryError";
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  /** A line that starts a JVM: {@code java}, {@code "$java"}, {@code /usr/bin/java}... followed by arguments. */
  private static final Pattern STARTS_JAVA = Pattern.compile(
      "(?:^|[\\s;&|(=])(?:\"?\\$\\{?java}?\"?|java|\"?\\$JAVA_HOME/bin/java\"?|/usr/bin/java)\\s+[-$\"]");
  /** A shell variable assigned options that include the flag, e.g. {@code opts="... FLAG"}. */
  private static final Pattern OPTIONS_WITH_FLAG = Pattern.compile("(\\w+)=\"[^\"]*" + Pattern.quote(FLAG));

  @TempDir
  Path tmp;

  /** A JAVA_HOME whose java prints its arguments, one a line. */
  private Path fakeJavaHome() throws IOException {
    Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tmp.resolve("jdk");
  }

  private static List<String> run(Path script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "--version").redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(script + ": " + out).isZero();
    return out.lines().toList();
  }

  @Test
  void everyCommandThePackagesAndTarballsInstallExitsOnOutOfMemoryWhateverItsOptions() throws Exception {
    Path javaHome = fakeJavaHome();
    Contents contents = new Contents(REPO, Map.of());
    List<Contents.Command> commands = new ArrayList<>();
    commands.addAll(Contents.SCHEDULER_COMMANDS);
    commands.addAll(Contents.EXECUTOR_COMMANDS);
    commands.addAll(Contents.TOOLS_COMMANDS);
    Files.createDirectories(tmp.resolve("lib"));
    for (Contents.Command command : commands) {
      // Installed by a package (absolute lib dir), and in a tarball (lib/ beside bin/).
      for (String libDir : new String[] {Contents.libDir("aurora-test"), null}) {
        Path script = Files.createDirectories(tmp.resolve("bin")).resolve(command.name());
        Files.writeString(script, contents.launcher(command, libDir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> defaults = run(script, Map.of("JAVA_HOME", javaHome.toString()));
        assertThat(defaults).as(command.path() + " with its default options").contains(FLAG, command.mainClass());
        List<String> own = run(script, Map.of("JAVA_HOME", javaHome.toString(), command.optionsVariable(), "-Xmx1g"));
        assertThat(own).as(command.path() + " with " + command.optionsVariable() + " set").contains(FLAG, "-Xmx1g");
      }
    }
  }

  @Test
  void everyOtherJavaCommandLineOfTheRepositoryExitsOnOutOfMemory() throws IOException {
    Map<Path, Integer> javaLines = new TreeMap<>();
    List<String> missing = new ArrayList<>();
    for (String dir : List.of("bin", "client/bin", "scheduler/bin", "executor/src/main/dist", "packaging/files",
        "systemd", "upstart", "vagrant")) {
      try (Stream<Path> files = Files.walk(REPO.resolve(dir))) {
        // vagrant/.vagrant is Vagrant's and acceptance.sh's machine state (keystores among it), not our commands.
        for (Path file : files.filter(Files::isRegularFile)
            .filter(f -> !f.startsWith(REPO.resolve("vagrant/.vagrant"))).toList()) {
          List<String> lines = Files.readAllLines(file);
          Set<String> variables = new TreeSet<>();
          lines.forEach(l -> {
            Matcher m = OPTIONS_WITH_FLAG.matcher(l);
            if (m.find()) {
              variables.add("$" + m.group(1));
            }
          });
          for (String line : lines) {
            if (line.strip().startsWith("#") || !STARTS_JAVA.matcher(line).find()) {
              continue;
            }
            javaLines.merge(REPO.relativize(file), 1, Integer::sum);
            if (!line.contains(FLAG) && variables.stream().noneMatch(line::contains)) {
              missing.add(REPO.relativize(file) + ": " + line.strip());
            }
          }
        }
      }
    }
    assertThat(missing).as("java command lines without " + FLAG).isEmpty();
    // The scan finds the JVMs it is meant to check.
    assertThat(javaLines).containsKeys(Path.of("bin/devcluster"), Path.of("bin/mesos-emulator"),
        Path.of("client/bin/aurora"), Path.of("client/bin/aurora-admin"), Path.of("scheduler/bin/aurora-scheduler"),
        Path.of("executor/src/main/dist/thermos_executor"), Path.of("packaging/files/launcher.sh"),
        Path.of("vagrant/provision/mesos.sh"));
    assertThat(javaLines.get(Path.of("client/bin/aurora"))).isEqualTo(3);
    assertThat(javaLines.get(Path.of("bin/devcluster"))).isEqualTo(2);
  }

  @Test
  void bothLaunchersOfTheSelfContainedClientImageExitOnOutOfMemory() throws IOException {
    String pom = Files.readString(REPO.resolve("packaging/pom.xml"));
    assertThat(pom).containsPattern("<argument>--java-options</argument>\\s*<argument>" + Pattern.quote(FLAG)
        + "</argument>");
    assertThat(Files.readAllLines(REPO.resolve("packaging/jpackage/aurora-admin.properties")))
        .anySatisfy(l -> assertThat(l).startsWith("java-options=").contains(FLAG));
  }
}
