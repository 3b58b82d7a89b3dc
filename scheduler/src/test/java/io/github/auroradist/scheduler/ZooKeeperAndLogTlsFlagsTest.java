package io.github.auroradist.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.scheduler.SchedulerFlagsTest.Parsed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -zk_digest_credentials, -zk_use_acl and the -native_log_tls_* flags: given in part, the scheduler exits 78. */
class ZooKeeperAndLogTlsFlagsTest {
  @TempDir
  Path dir;

  @Test
  void zooKeeperAclNeedsCredentials() {
    Parsed p = SchedulerFlagsTest.parse(List.of("-zk_use_acl"), true);
    assertThat(p.code()).isEqualTo(SchedulerMain.EX_CONFIG);
    assertThat(p.err()).contains("-zk_use_acl needs -zk_digest_credentials=user:password");
  }

  @Test
  void credentialsMustBeUserColonPassword() {
    Parsed p = SchedulerFlagsTest.parse(List.of("-zk_digest_credentials=aurora"), true);
    assertThat(p.code()).isEqualTo(SchedulerMain.EX_CONFIG);
    assertThat(p.err()).contains("-zk_digest_credentials must be user:password").doesNotContain("aurora:secret:");
  }

  @Test
  void credentialsWithAclGiveEveryNodeTheAcl() {
    Parsed p = SchedulerFlagsTest.parse(List.of("-zk_digest_credentials=aurora:secret", "-zk_use_acl=true"), true);
    assertThat(p.err()).isEmpty();
    SchedulerSettings s = SchedulerSettings.from(p.flags());
    assertThat(s.zkAuth().protects()).isTrue();
    assertThat(s.zkAuth().toString()).doesNotContain("secret");
    Parsed authOnly = SchedulerFlagsTest.parse(List.of("-zk_digest_credentials=aurora:secret"), true);
    assertThat(SchedulerSettings.from(authOnly.flags()).zkAuth().protects()).isFalse();
    assertThat(SchedulerSettings.from(authOnly.flags()).zkAuth().auth()).hasSize(1);
  }

  @Test
  void logTlsNeedsAllThreeFilesAndNamesTheMissingOne() throws Exception {
    Path cert = Files.writeString(dir.resolve("peer.pem"), "cert");
    Path key = Files.writeString(dir.resolve("peer.key"), "key");
    Parsed p = SchedulerFlagsTest.parse(List.of("-native_log_tls_cert_path=" + cert,
        "-native_log_tls_key_path=" + key), true);
    assertThat(p.code()).isEqualTo(SchedulerMain.EX_CONFIG);
    assertThat(p.err()).contains("missing -native_log_tls_ca_path");

    Parsed missingFile = SchedulerFlagsTest.parse(List.of("-native_log_tls_cert_path=" + cert,
        "-native_log_tls_key_path=" + key, "-native_log_tls_ca_path=" + dir.resolve("nope.pem")), true);
    assertThat(missingFile.code()).isEqualTo(SchedulerMain.EX_CONFIG);
    assertThat(missingFile.err()).contains("-native_log_tls_ca_path=" + dir.resolve("nope.pem")
        + " is not a readable file");

    Parsed none = SchedulerFlagsTest.parse(List.of(), true);
    assertThat(SchedulerSettings.from(none.flags()).logTls()).isEmpty();
  }
}
