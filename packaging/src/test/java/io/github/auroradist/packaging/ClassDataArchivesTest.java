package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data-sharing archives: recorded by the maintainer scripts with a real JVM, mapped by the launchers
 * when they exist, skipped when they do not, removed with the package.
 */
class ClassDataArchivesTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  /** A shell script that sources functions.sh and calls one function. */
  private Processes.Result function(String call) throws Exception {
    Path script = tmp.resolve("call.sh");
    Files.writeString(script, "set -e\n. " + REPO.resolve("packaging/scripts/functions.sh") + "\n" + call + "\n");
    return Processes.run(List.of("sh", script.toString()), Duration.ofMinutes(2));
  }

  /** A command that runs a JVM with DEMO_JAVA_OPTS_EXTRA, as the launchers do with their options variable. */
  private Path command(String body) throws IOException {
    Path command = tmp.resolve("demo");
    Files.writeString(command, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(command, PosixFilePermissions.fromString("rwxr-xr-x"));
    return command;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void recordingWritesAnArchiveTheJvmMaps() throws Exception {
    Path command = command("exec " + java() + " $DEMO_JAVA_OPTS_EXTRA -version");
    Path archive = tmp.resolve("cache/aurora/demo.jsa");
    Processes.Result r = function("aurora_record_cds " + archive + " DEMO_JAVA_OPTS " + command);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(archive).isNotEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("rw-r--r--");
    assertThat(archive.resolveSibling("demo.jsa.new")).doesNotExist();
    // -Xshare:on fails the JVM when the archive cannot be mapped: this one is whole and matches this JDK.
    Processes.Result mapped = Processes.run(List.of(java(), "-XX:SharedArchiveFile=" + archive, "-Xshare:on",
        "-version"), Duration.ofMinutes(1));
    assertThat(mapped.exitCode()).as(mapped.output()).isZero();
  }

  @Test
  void aFailedRecordingLeavesNoArchiveAndDoesNotFailTheInstall() throws Exception {
    Path command = command("exit 1");
    Path archive = Files.createDirectories(tmp.resolve("cache")).resolve("demo.jsa");
    Files.writeString(archive, "an archive of the previous version");
    Processes.Result r = function("aurora_record_cds " + archive + " DEMO_JAVA_OPTS " + command);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("no class-data-sharing archive for " + command);
    assertThat(archive).doesNotExist();
    assertThat(archive.resolveSibling("demo.jsa.new")).doesNotExist();
  }

  /** A java that prints its arguments, one a line, in a JAVA_HOME. */
  private Path fakeJavaHome() throws IOException {
    Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return tmp.resolve("jdk");
  }

  @Test
  void theLauncherMapsTheArchiveOnlyWhenItExistsAndTheUsersOptionsStillWin() throws Exception {
    Contents contents = new Contents(REPO, Map.of());
    Contents.Command aurora = Contents.TOOLS_COMMANDS.get(0);
    Path bin = Files.createDirectories(tmp.resolve("tree/bin"));
    Files.createDirectories(tmp.resolve("tree/lib"));
    Path script = bin.resolve(aurora.name());
    Files.writeString(script, contents.launcher(aurora, null));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("JAVA_HOME", fakeJavaHome().toString(), "JAVA_OPTS_EXTRA", "-Xshare:off");

    assertThat(launch(script, env)).noneMatch(a -> a.contains("SharedArchiveFile"));

    Path archive = Files.createDirectories(tmp.resolve("tree/cds")).resolve("aurora.jsa");
    Files.writeString(archive, "recorded");
    List<String> args = launch(script, env);
    assertThat(args).anyMatch(a -> a.matches("-XX:SharedArchiveFile=.*/tree/lib/\\.\\./cds/aurora\\.jsa"))
        .contains("-Xshare:auto", "-Xlog:cds=off,cds+dynamic=off", "-Xshare:off");
    assertThat(args.indexOf("-Xshare:off")).as("the user's options come last")
        .isGreaterThan(args.indexOf("-Xshare:auto"));

    // Installed by a package, the archive is the one the postinst records.
    assertThat(contents.launcher(aurora, Contents.libDir(Contents.TOOLS)))
        .contains("cds_archive=\"/var/cache/aurora/aurora.jsa\"");
    assertThat(contents.launcher(Contents.TOOLS_COMMANDS.get(1), Contents.libDir(Contents.TOOLS)))
        .as("aurora-admin records no archive").contains("cds_archive=\"\"");
  }

  private static List<String> launch(Path script, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(script.toString(), "--version").redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void theExecutorAndToolsPackagesRecordTheirArchivesOnInstallAndUpgradeAndRemoveThem() throws Exception {
    Contents contents = new Contents(REPO, Map.of(
        Contents.EXECUTOR, List.of(jarWith(tmp.resolve("executor.jar"), Contents.EXECUTOR_COMMANDS)),
        Contents.TOOLS, List.of(jarWith(tmp.resolve("tools.jar"), Contents.TOOLS_COMMANDS)),
        Contents.SCHEDULER, List.of(jarWith(tmp.resolve("scheduler.jar"), Contents.SCHEDULER_COMMANDS))));
    MaintainerScripts scripts = PackageWritersTest.scripts();

    String executorRecord = "aurora_record_cds /var/cache/aurora/thermos_executor.jsa THERMOS_EXECUTOR_JAVA_OPTS"
        + " /usr/bin/thermos_executor --self-test";
    PackageDefinition executor = contents.executor(Format.DEB);
    String postinst = scripts.debPostinst(executor);
    assertThat(postinst.split(java.util.regex.Pattern.quote(executorRecord), -1)).as("on install and upgrade")
        .hasSize(3);
    assertThat(scripts.debPrerm(executor)).contains("rm -f /var/cache/aurora/thermos_executor.jsa");
    assertThat(scripts.rpmPost(contents.executor(Format.RPM))).contains(executorRecord);
    assertThat(scripts.rpmPreun(contents.executor(Format.RPM)))
        .contains("rm -f /var/cache/aurora/thermos_executor.jsa");

    PackageDefinition tools = contents.tools(Format.DEB);
    assertThat(scripts.debPostinst(tools)).contains("aurora_record_cds /var/cache/aurora/aurora.jsa JAVA_OPTS"
        + " /usr/bin/aurora job inspect cds/training/devel/hello /usr/share/aurora-tools/cds-training.aurora");
    assertThat(tools.entries()).anyMatch(e -> e.path().equals("/usr/share/aurora-tools/cds-training.aurora"));
    String schedulerPostinst = scripts.debPostinst(contents.scheduler(Format.DEB));
    assertThat(schedulerPostinst.substring(schedulerPostinst.indexOf("---- steps for this package ----")))
        .doesNotContain("aurora_record_cds");
  }

  /** A jar holding the commands' main classes (empty entries: enough for the package's check). */
  private static Path jarWith(Path jar, List<Contents.Command> commands) throws IOException {
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
      for (Contents.Command c : commands) {
        j.putNextEntry(new JarEntry(c.mainClass().replace('.', '/') + ".class"));
        j.closeEntry();
      }
    }
    return jar;
  }
}
