package io.github.auroradist.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.scheduler.SchedulerFlags;
import io.github.auroradist.scheduler.SchedulerMain;
import io.github.auroradist.scheduler.SchedulerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security flags: Aurora's defaults, and a configuration that cannot work stops the start with EX_CONFIG. */
class SecurityFlagsTest {
  record Parsed(SchedulerFlags flags, int code, String err) {
  }

  @TempDir
  Path dir;

  static Parsed parse(String... extra) {
    List<String> args = new ArrayList<>(List.of("-cluster_name=devcluster", "-mesos_master_address=127.0.0.1:5050",
        "-native_log_file_path=/var/lib/aurora/scheduler/db", "-thermos_executor_path=/usr/bin/thermos_executor"));
    args.addAll(List.of(extra));
    StringWriter err = new StringWriter();
    int[] code = {-1};
    SchedulerFlags flags = SchedulerMain.parse(args.toArray(String[]::new), new PrintWriter(new StringWriter()),
        new PrintWriter(err, true), code);
    return new Parsed(flags, code[0], err.toString());
  }

  @Test
  void defaultsAreAurorasOpenScheduler() {
    SchedulerSettings s = SchedulerSettings.from(parse().flags());
    assertThat(s.security()).isEqualTo(SecuritySettings.NONE);
    assertThat(s.https().enabled()).isFalse();
    assertThat(ApiAccess.of(s.security())).isSameAs(ApiAccess.OPEN);
    SchedulerSettings denied = SchedulerSettings.from(parse("-denied_roles=a, b,", "-allow_root_role").flags());
    assertThat(denied.security().deniedRoles()).isEqualTo(Set.of("a", "b"));
    assertThat(denied.security().allowRootRole()).isTrue();
  }

  @Test
  void configurationsThatCannotWorkExitWithExConfigNamingTheFix() throws Exception {
    Parsed basicWithoutIni = parse("-http_authentication_mechanism=BASIC");
    assertThat(basicWithoutIni.flags()).isNull();
    assertThat(basicWithoutIni.code()).isEqualTo(78);
    assertThat(basicWithoutIni.err()).contains("-shiro_ini_path");

    Parsed unknownModule = parse("-shiro_realm_modules=INI_AUTHNZ,LDAP");
    assertThat(unknownModule.code()).isEqualTo(78);
    assertThat(unknownModule.err()).contains("'LDAP' is not a realm module", "KERBEROS5_AUTHN,INI_AUTHNZ");

    Parsed missingIni = parse("-http_authentication_mechanism=BASIC", "-shiro_ini_path=" + dir.resolve("none.ini"));
    assertThat(missingIni.code()).isEqualTo(78);
    assertThat(missingIni.err()).contains("none.ini", "cannot read it");
    Path noUsers = Files.writeString(dir.resolve("roles-only.ini"), "[roles]\nadmin = *\n");
    assertThat(parse("-http_authentication_mechanism=BASIC", "-shiro_ini_path=" + noUsers).err())
        .contains("no users", "[users]");

    Parsed httpsWithoutKeystore = parse("-https_port=8443");
    assertThat(httpsWithoutKeystore.code()).isEqualTo(78);
    assertThat(httpsWithoutKeystore.err()).contains("-https_keystore_path", "-https_keystore_password_file");
    Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");
    Path password = Files.writeString(dir.resolve("password"), "secret\n");
    Parsed badKeystore = parse("-https_port=8443", "-https_keystore_path=" + junk,
        "-https_keystore_password_file=" + password);
    assertThat(badKeystore.code()).isEqualTo(78);
    assertThat(badKeystore.err()).contains("junk.p12", "PKCS12");
    assertThat(parse("-http_redirect_to_https=true").err()).contains("-https_port");
  }

  @Test
  void kerberosSettingsThatCannotWorkExitWithExConfigNamingTheFlag() throws Exception {
    Path ini = Files.writeString(dir.resolve("security.ini"), "[users]\nalice = _, admin\n[roles]\nadmin = *\n");
    String negotiate = "-http_authentication_mechanism=NEGOTIATE";
    String modules = "-shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ";
    String principal = "-kerberos_server_principal=HTTP/sched.example.com@EXAMPLE.COM";
    Path keytab = dir.resolve("http.keytab");

    Parsed onlyKerberos = parse(negotiate, "-shiro_realm_modules=KERBEROS5_AUTHN", "-shiro_ini_path=" + ini);
    assertThat(onlyKerberos.code()).isEqualTo(78);
    assertThat(onlyKerberos.err()).contains("-shiro_realm_modules=KERBEROS5_AUTHN,INI_AUTHNZ", "[KERBEROS5_AUTHN]");
    assertThat(parse(negotiate, "-shiro_ini_path=" + ini).err()).contains("KERBEROS5_AUTHN,INI_AUTHNZ", "[INI_AUTHNZ]");
    assertThat(parse(negotiate, modules, principal).err()).contains("-shiro_ini_path", "Kerberos user");

    Parsed noPrincipal = parse(negotiate, modules, "-shiro_ini_path=" + ini, "-kerberos_server_keytab=" + keytab);
    assertThat(noPrincipal.code()).isEqualTo(78);
    assertThat(noPrincipal.err()).contains("needs -kerberos_server_principal", "HTTP/");
    Parsed noKeytab = parse(negotiate, modules, "-shiro_ini_path=" + ini, principal);
    assertThat(noKeytab.code()).isEqualTo(78);
    assertThat(noKeytab.err()).contains("needs -kerberos_server_keytab", "ktadd");
    Parsed missingKeytab = parse(negotiate, modules, "-shiro_ini_path=" + ini, principal,
        "-kerberos_server_keytab=" + keytab);
    assertThat(missingKeytab.code()).isEqualTo(78);
    assertThat(missingKeytab.err()).contains("-kerberos_server_keytab=" + keytab + ": no such file");
    Files.writeString(keytab, "not a keytab");
    Parsed junk = parse(negotiate, modules, "-shiro_ini_path=" + ini, principal, "-kerberos_server_keytab=" + keytab);
    assertThat(junk.code()).isEqualTo(78);
    assertThat(junk.err()).contains("-kerberos_server_keytab=" + keytab + " holds no key of"
        + " -kerberos_server_principal=HTTP/sched.example.com@EXAMPLE.COM", "klist -k");
  }
}
