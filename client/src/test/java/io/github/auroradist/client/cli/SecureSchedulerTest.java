package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.client.cli.ContractScheduler.Answer;
import io.github.auroradist.client.cli.ContractScheduler.Request;
import io.github.auroradist.client.security.TestCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against an HTTPS scheduler that demands HTTP Basic credentials on writes and answers 401 and 403 as
 * SECURITY-API.md (docs/security.md) says the scheduler does; its CA is made by keytool for the test.
 */
class SecureSchedulerTest {
  static final String KEY = "secure/www-data/prod/hello";
  static final String ROUTE = "DELETE /api/cron/www-data/prod/hello";
  static final String FORBIDDEN_PERMISSION = "thrift.AuroraSchedulerManager:descheduleCronJob:www-data:prod:hello";

  @TempDir static Path caDir;
  static TestCa ca;

  @TempDir Path dir;
  ContractScheduler scheduler;

  @BeforeAll
  static void makeCa() throws Exception {
    ca = TestCa.make(caDir);
  }

  @BeforeEach
  void start() throws Exception {
    scheduler = new ContractScheduler(ca.serverContext());
    scheduler.answer(ROUTE, SecureSchedulerTest::basicAuthWrite);
  }

  @AfterEach
  void stop() {
    scheduler.close();
    ClientContext.netrcFile = null;
    ClientContext.environment = null;
  }

  /** As the scheduler with -http_authentication_mechanism=BASIC: admin may write, www-data lacks the permission. */
  static Answer basicAuthWrite(Request r) {
    if (!"application/json".equals(r.headers().getFirst("Content-Type"))) {
      return new Answer(415, "{\"code\": \"INVALID_REQUEST\", \"message\": \"writes must be application/json\"}");
    }
    String auth = r.headers().getFirst("Authorization");
    String user = auth == null || !auth.startsWith("Basic ") ? null
        : new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
    if ("admin:s3cret".equals(user)) {
      return new Answer(200, "{}");
    }
    if ("www-data:wd-pass".equals(user)) {
      return new Answer(403, "{\"code\": \"AUTH_FAILED\", \"message\": \"user 'www-data' lacks the permission "
          + FORBIDDEN_PERMISSION + "\"}");
    }
    return new Answer(401, "{\"code\": \"AUTH_FAILED\", \"message\": \"this scheduler requires HTTP Basic"
        + " credentials of a known user for writes\"}", Map.of("WWW-Authenticate", "Basic realm=\"Aurora Scheduler\""));
  }

  void cluster(String extraFields) throws Exception {
    Path clusters = Files.writeString(dir.resolve("clusters.json"), "[{\"name\": \"secure\", \"scheduler_uri\": \""
        + scheduler.uri() + "\"" + extraFields + "}]");
    ClientContext.clusterFiles = List.of(clusters);
  }

  Path netrc(String text) throws Exception {
    Path file = Files.writeString(dir.resolve("netrc"), text);
    ClientContext.netrcFile = file;
    return file;
  }

  String caFile() {
    return ", \"ca_file\": \"" + ca.caPem() + "\"";
  }

  /** {@code aurora cron deschedule} on the HTTPS cluster with BASIC and this .netrc (at {@link #netrcFile()}). */
  Result descheduleWithBasic(String netrcText) throws Exception {
    cluster(caFile() + ", \"auth_mechanism\": \"BASIC\"");
    netrc(netrcText);
    return aurora("cron", "deschedule", KEY);
  }

  Path netrcFile() {
    return dir.resolve("netrc");
  }

  @Test
  void sendsTheNetrcCredentialsForTheSchedulerHostOverHttps() throws Exception {
    Result r = descheduleWithBasic("""
        machine elsewhere login bob password nope
        machine 127.0.0.1
          login admin
          password s3cret
        default login nobody password nothing
        """);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Cron job " + KEY + " descheduled");
    Request delete = scheduler.requests.get(0);
    assertThat(delete.method()).isEqualTo("DELETE");
    assertThat(delete.body()).isNull();
    // A write without a body still says it is JSON, as the scheduler demands of every write.
    assertThat(delete.headers().getFirst("Content-Type")).isEqualTo("application/json");
    assertThat(delete.headers().getFirst("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void fallsBackToTheDefaultEntry() throws Exception {
    assertThat(descheduleWithBasic("machine elsewhere login bob password nope\ndefault login admin password s3cret\n")
        .code()).isZero();
  }

  @Test
  void withoutCredentialsTheRefusalExits30AndSaysHowToGiveThem() throws Exception {
    cluster(caFile());

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("refused DELETE /api/cron/www-data/prod/hello with 401 Unauthorized: AUTH_FAILED:"
            + " this scheduler requires HTTP Basic credentials")
        .contains("credentials tried: none (cluster 'secure' has auth_mechanism UNAUTHENTICATED in clusters.json)")
        .contains("set \"auth_mechanism\": \"BASIC\"").contains("machine 127.0.0.1 login USER password PASSWORD");
    assertThat(scheduler.requests.get(0).headers().containsKey("Authorization")).isFalse();
  }

  @Test
  void basicWithoutANetrcEntryNamesTheFileAndMachine() throws Exception {
    Result r = descheduleWithBasic("machine elsewhere login bob password nope\n");
    Path file = netrcFile();

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("credentials tried: none: auth_mechanism BASIC, but " + file
        + " has no entry for machine '127.0.0.1' and no default entry")
        .contains("add 'machine 127.0.0.1 login USER password PASSWORD' to " + file);
  }

  @Test
  void aWrongPasswordExits30NamingTheUserButNotThePassword() throws Exception {
    Result r = descheduleWithBasic("machine 127.0.0.1 login admin password wrong-one\n");
    Path file = netrcFile();

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("401 Unauthorized")
        .contains("credentials tried: auth_mechanism BASIC, user 'admin' from " + file + " (machine '127.0.0.1')")
        .contains("check the login and password in " + file)
        .doesNotContain("wrong-one");
  }

  @Test
  void aUserWithoutThePermissionExits30NamingUserAndPermission() throws Exception {
    Result r = descheduleWithBasic("default login www-data password wd-pass\n");
    Path file = netrcFile();

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("403 Forbidden: AUTH_FAILED: user 'www-data' lacks the permission "
            + FORBIDDEN_PERMISSION)
        .contains("user 'www-data' from " + file + " (its default entry; no machine '127.0.0.1')")
        .contains("ask the cluster's operator for the permission")
        .doesNotContain("wd-pass");
  }

  @Test
  void withoutTheCaFileTheTlsFailureNamesTheHostAndTheFix() throws Exception {
    cluster(", \"auth_mechanism\": \"BASIC\"");
    netrc("default login admin password s3cret\n");

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.NETWORK_ERROR);
    assertThat(r.err()).contains("cannot make a TLS connection to the scheduler at " + scheduler.uri()
            + " (host 127.0.0.1)")
        .contains("name that CA's PEM file as \"ca_file\" for cluster 'secure' in clusters.json");
    assertThat(scheduler.requests).isEmpty();
  }

  @Test
  void aCaFileThatIsNotPemIsAConfigurationError() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.txt"), "not a certificate");
    cluster(", \"ca_file\": \"" + notPem + "\"");

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains(notPem + " (\"ca_file\" of cluster 'secure' in clusters.json) is not a PEM file");
  }

  @Test
  void kerberosWithoutATicketExits30BeforeAnyWriteAndSaysToRunKinit() throws Exception {
    cluster(caFile() + ", \"auth_mechanism\": \"KERBEROS\"");
    Path cache = dir.resolve("krb5cc_none");
    ClientContext.environment = Map.of("KRB5CCNAME", "FILE:" + cache);

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("no Kerberos ticket was found in the ticket cache FILE:" + cache + " (no such file)")
        .contains("run kinit");
    assertThat(scheduler.requests).noneMatch(q -> q.method().equals("DELETE"));
  }

  @Test
  void kerberosRefusesATicketCacheTheJdkCannotRead() throws Exception {
    cluster(caFile() + ", \"auth_mechanism\": \"KERBEROS\"");
    ClientContext.environment = Map.of("KRB5CCNAME", "KEYRING:persistent:1000");

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("KRB5CCNAME=KEYRING:persistent:1000: the client reads Kerberos tickets from a file"
        + " cache only", "kinit -c FILE:");
    assertThat(scheduler.requests).isEmpty();
  }

  @Test
  void anUnknownMechanismIsAConfigurationError() throws Exception {
    cluster(", \"auth_mechanism\": \"DIGEST\"");

    Result r = aurora("cron", "deschedule", KEY);

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_CONFIG);
    assertThat(r.err()).contains("\"auth_mechanism\": \"DIGEST\"; use one of [UNAUTHENTICATED, BASIC, KERBEROS]");
  }
}
