package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler package's security settings (docs/security.md): a sample security.ini only its user may read, and
 * commented settings in the defaults file that the startup script turns into the scheduler's flags.
 */
class SchedulerSecuritySettingsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> SECURITY_FLAGS = List.of("-http_authentication_mechanism=BASIC",
      "-shiro_ini_path=/etc/aurora/security.ini", "-https_port=8443",
      "-https_keystore_path=/etc/aurora/scheduler.p12",
      "-https_keystore_password_file=/etc/aurora/scheduler.p12.password", "-http_redirect_to_https=true");

  @TempDir
  Path tmp;

  @Test
  void everyFormatInstallsTheSampleSecurityIniAsAConffileOnlyTheSchedulersUserReads() throws Exception {
    // A jar with the scheduler's main classes, which is all Contents checks.
    Path jar = tmp.resolve("scheduler.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
      for (Contents.Command command : Contents.SCHEDULER_COMMANDS) {
        zip.putNextEntry(new ZipEntry(command.mainClass().replace('.', '/') + ".class"));
      }
    }
    for (Format format : Format.values()) {
      PackageDefinition scheduler = new Contents(REPO, Map.of(Contents.SCHEDULER, List.of(jar))).scheduler(format);
      Entry ini = scheduler.entries().stream().filter(e -> e.path().equals("/etc/aurora/security.ini"))
          .findFirst().orElseThrow();
      assertThat(ini.mode()).as(format.name()).isEqualTo(0640);
      assertThat(ini.conffile()).as(format.name()).isTrue();
      assertThat(scheduler.serviceUser()).isEqualTo("aurora");
      assertThat(scheduler.ownedFiles()).as(format.name()).containsExactly("/etc/aurora/security.ini");
      assertThat(scheduler.entries()).as(format.name()).anyMatch(e -> e.path().endsWith("/doc/aurora-scheduler"
          + "/security.md"));
    }
  }

  @Test
  void theSampleSecurityIniGrantsNothingUntilTheOperatorAddsUsers() throws Exception {
    List<String> active = Files.readAllLines(REPO.resolve("packaging/files/scheduler/security.ini")).stream()
        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    assertThat(active).containsExactly("[users]", "[roles]");
  }

  @Test
  void theShippedDefaultsStartTheSchedulerWithoutSecurityFlags() throws Exception {
    String defaults = Files.readString(REPO.resolve("packaging/files/scheduler/aurora-scheduler.defaults"));
    assertThat(startupArguments(defaults)).noneMatch(a -> a.startsWith("-http_authentication_mechanism")
        || a.startsWith("-https") || a.startsWith("-shiro") || a.startsWith("-http_redirect")
        || a.startsWith("-kerberos"));
  }

  @Test
  void uncommentingTheSecuritySettingsPassesAurorasFlags() throws Exception {
    String defaults = Files.readString(REPO.resolve("packaging/files/scheduler/aurora-scheduler.defaults"))
        .replaceAll("(?m)^#((HTTP_AUTHENTICATION_MECHANISM|SHIRO_INI_PATH|HTTPS_PORT|HTTPS_KEYSTORE_PATH"
            + "|HTTPS_KEYSTORE_PASSWORD_FILE|HTTP_REDIRECT_TO_HTTPS)=)", "$1");
    assertThat(startupArguments(defaults)).containsAll(SECURITY_FLAGS).contains("-http_port=8081");
  }

  @Test
  void uncommentingTheKerberosSettingsPassesAurorasKerberosFlags() throws Exception {
    String defaults = Files.readString(REPO.resolve("packaging/files/scheduler/aurora-scheduler.defaults"))
        .replaceAll("(?m)^#((SHIRO_INI_PATH|SHIRO_REALM_MODULES|KERBEROS_SERVER_PRINCIPAL|KERBEROS_SERVER_KEYTAB"
            + "|KERBEROS_DEBUG)=)", "$1") + "\nHTTP_AUTHENTICATION_MECHANISM=\"NEGOTIATE\"\n";
    assertThat(startupArguments(defaults)).contains("-http_authentication_mechanism=NEGOTIATE",
        "-shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ", "-shiro_ini_path=/etc/aurora/security.ini",
        "-kerberos_server_principal=HTTP/scheduler.example.com@EXAMPLE.COM",
        "-kerberos_server_keytab=/etc/aurora/scheduler.keytab", "-kerberos_debug=true");
  }

  /**
   * The flags aurora-scheduler-startup passes the scheduler with this defaults file: the script with its defaults
   * path and the scheduler's path pointed into the test's directory.
   */
  private List<String> startupArguments(String defaults) throws Exception {
    Path log = Files.createDirectories(tmp.resolve("db"));
    Files.writeString(log.resolve("aurora-log.json"), "{}");
    Path defaultsFile = Files.writeString(tmp.resolve("aurora-scheduler.defaults"),
        defaults + "\nLOGDB_FILE_PATH=\"" + log + "\"\n");
    Path scheduler = tmp.resolve("aurora-scheduler");
    Files.writeString(scheduler, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    Path startup = tmp.resolve("aurora-scheduler-startup");
    Files.writeString(startup, Files.readString(REPO.resolve("packaging/files/scheduler/aurora-scheduler-startup"))
        .replace("/etc/default/aurora-scheduler /etc/sysconfig/aurora-scheduler", defaultsFile.toString())
        .replace("exec /usr/sbin/aurora-scheduler", "exec " + scheduler));
    for (Path script : List.of(scheduler, startup)) {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Process p = new ProcessBuilder(startup.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }
}
