package io.github.auroradist.client.cli;

import static io.github.auroradist.client.cli.AuroraCliTest.aurora;
import static io.github.auroradist.client.cli.AuroraCliTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.client.cli.AuroraCliTest.Result;
import io.github.auroradist.client.security.TestRealm;
import io.github.auroradist.common.model.JobKey;
import io.github.auroradist.common.model.ScheduleStatus;
import io.github.auroradist.common.model.ScheduledTask;
import io.github.auroradist.common.model.TaskEvent;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.storage.Op;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kerberos end to end: a real MIT KDC in a throwaway realm, a scheduler with -http_authentication_mechanism=NEGOTIATE
 * and its keytab, and the aurora client with auth_mechanism KERBEROS and the ticket cache of a real kinit.
 */
class KerberosTest {
  static final String SERVICE = "HTTP/127.0.0.1@" + TestRealm.REALM;
  static final String KEY = "devcluster/www-data/devel/hello_world";

  @TempDir static Path dir;
  static TestRealm realm;
  static LoopbackCluster cluster;
  static Path serviceKeytab;
  static Path aliceKeytab;
  static Path bobKeytab;

  @BeforeAll
  static void start() throws Exception {
    Path realmDir = Files.createDirectories(dir.resolve("realm"));
    realm = TestRealm.start(realmDir);
    serviceKeytab = realm.addPrincipal(SERVICE, "http.keytab");
    aliceKeytab = realm.addPrincipal("alice", "alice.keytab");
    bobKeytab = realm.addPrincipal("bob", "bob.keytab");
    // The JDK reads krb5.conf from this property (the MIT commands from KRB5_CONFIG); the scheduler runs in-process.
    System.setProperty("java.security.krb5.conf", realm.krb5Conf().toString());
    // Aurora's security.ini for Kerberos: the password field is not used; the principal's short name is the user.
    Path ini = Files.writeString(dir.resolve("security.ini"), """
        [users]
        alice = _, webapp
        bob = _, quota_admin

        [roles]
        webapp = thrift.AuroraSchedulerManager:*:www-data
        quota_admin = thrift.AuroraAdmin:setQuota
        """, StandardCharsets.UTF_8);
    cluster = LoopbackCluster.start(Files.createDirectories(dir.resolve("cluster")),
        "-http_authentication_mechanism=NEGOTIATE", "-shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ",
        "-shiro_ini_path=" + ini, "-kerberos_server_principal=" + SERVICE, "-kerberos_server_keytab=" + serviceKeytab);
    ClientContext.clusterFiles = List.of(Files.writeString(dir.resolve("clusters.json"), "[{\"name\": \"devcluster\","
        + " \"scheduler_uri\": \"http://127.0.0.1:" + cluster.httpPort() + "\", \"auth_mechanism\": \"KERBEROS\"}]"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (realm != null) {
        realm.close();
      }
      System.clearProperty("java.security.krb5.conf");
    }
  }

  @AfterEach
  void forgetTicketCache() {
    ClientContext.environment = null;
  }

  /** The client's environment: the realm's krb5.conf and this ticket cache, as a shell after kinit has them. */
  static void useTicketCache(Path cache) {
    Map<String, String> environment = new HashMap<>(realm.environment());
    environment.put("KRB5CCNAME", "FILE:" + cache);
    ClientContext.environment = environment;
  }

  /** The hello world job under another name. */
  static String configNamed(String name) throws Exception {
    return Files.writeString(dir.resolve(name + ".aurora"), Files.readString(Path.of(config("hello_world.aurora")))
        .replace("'hello_world'", "'" + name + "'")).toString();
  }

  @Test
  void aUserWithATicketCreatesAndKillsAndTheTaskEventsNameIt() throws Exception {
    Path cache = dir.resolve("alice.cc");
    realm.kinit("alice", aliceKeytab, cache);
    useTicketCache(cache);

    Result created = aurora("job", "create", KEY, config("hello_world.aurora"));
    assertThat(created.code()).as(created.err()).isZero();
    assertThat(created.out()).startsWith("Job create succeeded");

    // Without Mesos the tasks stay PENDING (a killed PENDING task is gone): make them RUNNING, as an agent would.
    JobKey job = new JobKey("www-data", "devel", "hello_world");
    List<ScheduledTask> tasks = cluster.scheduler.storage().read().tasks(t -> t.jobKey().equals(job));
    assertThat(tasks).isNotEmpty();
    cluster.scheduler.storage().write(new Op.SaveTasks(tasks.stream().map(t -> new ScheduledTask(t.assignedTask(),
        ScheduleStatus.RUNNING, 0, t.taskEvents(), null)).toList()));
    Result killed = aurora("job", "kill", KEY + "/0", "--message", "going away", "--wait-timeout", "0");
    assertThat(killed.code()).as(killed.err()).isZero();

    String id = tasks.stream().filter(t -> t.assignedTask().instanceId() == 0).findFirst().orElseThrow().taskId();
    List<TaskEvent> events = cluster.scheduler.storage().read().task(id).orElseThrow().taskEvents();
    assertThat(events.get(events.size() - 1).message()).isEqualTo("Killed by alice: going away");
  }

  @Test
  void withoutATicketTheClientExits30SayingToRunKinitAndNothingIsCreated() throws Exception {
    useTicketCache(dir.resolve("no-such.cc"));

    Result r = aurora("job", "create", "devcluster/www-data/devel/nobody", configNamed("nobody"));

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("no Kerberos ticket was found in the ticket cache FILE:" + dir.resolve("no-such.cc"))
        .contains("run kinit");
    assertThat(cluster.scheduler.storage().read().job(new JobKey("www-data", "devel", "nobody"))).isEmpty();
  }

  @Test
  void aUserWhoseRoleLacksThePermissionIsForbiddenAndTheErrorNamesThePrincipal() throws Exception {
    Path cache = dir.resolve("bob.cc");
    realm.kinit("bob", bobKeytab, cache);
    useTicketCache(cache);

    Result r = aurora("job", "create", "devcluster/www-data/devel/bobs", configNamed("bobs"));

    assertThat(r.code()).isEqualTo(ExitCodes.AUTH_ERROR);
    assertThat(r.err()).contains("403 Forbidden", "user 'bob'",
            "thrift.AuroraSchedulerManager:createJob:www-data:devel:bobs")
        .contains("credentials tried: auth_mechanism KERBEROS, principal 'bob@" + TestRealm.REALM + "'");
    assertThat(cluster.scheduler.storage().read().jobs()).noneMatch(j -> j.key().name().equals("bobs"));
  }

  @Test
  void aWriteWithoutANegotiateTokenGets401AskingForOneAndIniPasswordsAreNeverAccepted() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI kill = URI.create("http://127.0.0.1:" + cluster.httpPort() + "/api/jobs/www-data/devel/hello_world/kill");
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(kill).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Negotiate");
    assertThat(none.body()).contains("requires Kerberos (SPNEGO)", "kinit");

    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:_".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> password = http.send(HttpRequest.newBuilder(kill).header("Content-Type", "application/json")
        .header("Authorization", basic).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(password.statusCode()).isEqualTo(401);
    assertThat(password.body()).contains("another scheme");
    // Reads stay open.
    assertThat(aurora("job", "list", "devcluster").code()).isZero();
  }

  @Test
  void aKeytabWithoutTheServicePrincipalStopsTheStartNamingTheFlag() throws Exception {
    StringWriter err = new StringWriter();
    int[] code = {-1};
    Object flags = SchedulerMain.parse(new String[] {"-cluster_name=devcluster",
        "-mesos_master_address=127.0.0.1:5050", "-native_log_file_path=" + dir.resolve("unused"),
        "-thermos_executor_path=/usr/bin/thermos_executor", "-http_authentication_mechanism=NEGOTIATE",
        "-shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ", "-shiro_ini_path=" + dir.resolve("security.ini"),
        "-kerberos_server_principal=" + SERVICE, "-kerberos_server_keytab=" + aliceKeytab},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true), code);

    assertThat(flags).isNull();
    assertThat(code[0]).isEqualTo(78);
    assertThat(err.toString()).contains("-kerberos_server_keytab=" + aliceKeytab + " holds no key of"
        + " -kerberos_server_principal=" + SERVICE);
  }
}
