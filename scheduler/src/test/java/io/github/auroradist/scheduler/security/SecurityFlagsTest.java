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

    Parsed negotiate = parse("-http_authentication_mechanism=NEGOTIATE");
    assertThat(negotiate.code()).isEqualTo(78);
    assertThat(negotiate.err()).contains("not available in this build", "BASIC");
    Parsed kerberos = parse("-shiro_realm_modules=INI_AUTHNZ,KERBEROS5_AUTHN");
    assertThat(kerberos.code()).isEqualTo(78);
    assertThat(kerberos.err()).contains("KERBEROS5_AUTHN", "not available in this build");

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
}
