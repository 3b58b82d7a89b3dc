package io.github.auroradist.client.security;

import io.github.auroradist.emulator.testing.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A throwaway MIT Kerberos realm in a directory: its own krb5.conf and kdc.conf (given to the MIT commands through
 * KRB5_CONFIG and KRB5_KDC_PROFILE), a database made by {@code kdb5_util}, principals and keytabs made by
 * {@code kadmin.local}, and {@code krb5kdc} on a free loopback port. Close it to stop the KDC.
 */
public final class TestRealm implements AutoCloseable {
  public static final String REALM = "AURORA.TEST";
  /** Debian's packages of the commands used here. */
  public static final String PACKAGES = "krb5-kdc krb5-admin-server krb5-user";
  private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

  private final Path dir;
  private final Map<String, String> environment;
  private final Process kdc;

  private TestRealm(Path dir, Map<String, String> environment, Process kdc) {
    this.dir = dir;
    this.environment = environment;
    this.kdc = kdc;
  }

  /**
   * Makes the realm in {@code dir} and starts its KDC.
   *
   * @throws AssertionError the MIT Kerberos commands are not installed (the test fails, naming the packages)
   */
  public static TestRealm start(Path dir) throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    for (String command : List.of("krb5kdc", "kdb5_util", "kadmin.local", "kinit")) {
      if (command(command) == null) {
        missing.add(command);
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError("the Kerberos tests need MIT Kerberos's " + missing + ": install the Debian packages"
          + " with 'apt-get install -y " + PACKAGES + "'");
    }
    int port = Ports.free();
    Path krb5Conf = Files.writeString(dir.resolve("krb5.conf"), """
        [libdefaults]
          default_realm = %1$s
          dns_lookup_kdc = false
          dns_lookup_realm = false
          dns_canonicalize_hostname = false
          rdns = false
          udp_preference_limit = 1
        [realms]
          %1$s = {
            kdc = 127.0.0.1:%2$d
          }
        """.formatted(REALM, port), StandardCharsets.UTF_8);
    Path kdcConf = Files.writeString(dir.resolve("kdc.conf"), """
        [kdcdefaults]
          kdc_listen = ""
          kdc_tcp_listen = 127.0.0.1:%2$d
        [realms]
          %1$s = {
            database_name = %3$s
            key_stash_file = %4$s
            acl_file = %5$s
            supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
          }
        [logging]
          kdc = FILE:%6$s
        """.formatted(REALM, port, dir.resolve("principal"), dir.resolve("stash"),
        Files.writeString(dir.resolve("kadm5.acl"), ""), dir.resolve("kdc.log")), StandardCharsets.UTF_8);
    Map<String, String> environment = Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5_KDC_PROFILE",
        kdcConf.toString());
    run(dir, environment, "kdb5_util", "-r", REALM, "create", "-s", "-W", "-P", "master-password");
    ProcessBuilder kdcBuilder = new ProcessBuilder(command("krb5kdc"), "-n", "-r", REALM).redirectErrorStream(true)
        .redirectOutput(dir.resolve("krb5kdc.out").toFile()).directory(dir.toFile());
    kdcBuilder.environment().putAll(environment);
    Process kdc = kdcBuilder.start();
    kdc.getOutputStream().close();
    TestRealm realm = new TestRealm(dir, environment, kdc);
    try {
      Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
        if (!kdc.isAlive()) {
          throw new AssertionError("krb5kdc exited with " + kdc.exitValue() + ": "
              + Files.readString(dir.resolve("krb5kdc.out")) + Files.readString(dir.resolve("kdc.log")));
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
          return true;
        } catch (IOException e) {
          return false;
        }
      });
    } catch (RuntimeException | Error e) {
      realm.close();
      throw e;
    }
    return realm;
  }

  public Path krb5Conf() {
    return dir.resolve("krb5.conf");
  }

  /** KRB5_CONFIG and KRB5_KDC_PROFILE of this realm. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Adds {@code principal} (of this realm) with a random key and writes its keytab; returns the keytab. */
  public Path addPrincipal(String principal, String keytabName) throws IOException, InterruptedException {
    Path keytab = dir.resolve(keytabName);
    run(dir, environment, "kadmin.local", "-r", REALM, "-q", "addprinc -randkey " + principal);
    run(dir, environment, "kadmin.local", "-r", REALM, "-q", "ktadd -k " + keytab + " " + principal);
    return keytab;
  }

  /** {@code kinit -kt keytab principal} into the file cache {@code cache}, as a user's login would. */
  public void kinit(String principal, Path keytab, Path cache) throws IOException, InterruptedException {
    run(dir, environment, "kinit", "-kt", keytab.toString(), "-c", "FILE:" + cache, principal);
  }

  /** Stops the KDC and waits until it is gone. */
  @Override
  public void close() {
    kdc.destroy();
    try {
      if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
        kdc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      kdc.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void run(Path dir, Map<String, String> environment, String command, String... args)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    line.add(command(command));
    line.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).directory(dir.toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(line + " failed: " + out);
    }
  }

  /** The command's path on PATH or in the sbin directories (krb5kdc and kadmin.local live there). */
  private static String command(String name) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":", -1)));
    dirs.addAll(SBIN);
    for (String d : dirs) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
