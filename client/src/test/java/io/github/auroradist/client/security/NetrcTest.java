package io.github.auroradist.client.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .netrc format as ftp, curl and Python's netrc read it. */
class NetrcTest {
  static final Path FILE = Path.of("/home/u/.netrc");

  static Netrc parse(String text) throws AuthException {
    return Netrc.parse(FILE, text);
  }

  @Test
  void findsTheMachineIgnoringCaseElseTheDefault() throws Exception {
    Netrc n = parse("""
        # the cluster's schedulers
        machine Sched1.example.com login alice password one
        machine sched2.example.com
            login bob
            account ignored
            password two
        default login guest password anon
        """);
    assertThat(n.find("sched1.example.com")).contains(new Netrc.Entry("Sched1.example.com", "alice", "one"));
    assertThat(n.find("sched2.example.com")).contains(new Netrc.Entry("sched2.example.com", "bob", "two"));
    assertThat(n.find("other")).contains(new Netrc.Entry(null, "guest", "anon"));
    assertThat(parse("machine a login x password y").find("b")).isEmpty();
  }

  @Test
  void quotedWordsMacrosAndTheFirstOfTwoEntries() throws Exception {
    Netrc n = parse("""
        macdef init
        cd /pub
        machine not-an-entry login x password y

        machine h login "a user" password "pa ss\\"word"
        machine h login second password later
        """);
    assertThat(n.find("not-an-entry")).isEmpty();
    assertThat(n.find("h")).contains(new Netrc.Entry("h", "a user", "pa ss\"word"));
  }

  @Test
  void anEntryMayLackItsPassword() throws Exception {
    assertThat(parse("machine h login only").find("h")).contains(new Netrc.Entry("h", "only", null));
  }

  @Test
  void theEntryNeverPrintsItsPassword() {
    assertThat(new Netrc.Entry("h", "u", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void brokenFilesNameTheFileAndLine() {
    assertThatThrownBy(() -> parse("machine h\nlogin u\npasswd p\n"))
        .hasMessage("/home/u/.netrc line 3: unknown word 'passwd' (a .netrc holds machine, default, login, password,"
            + " account and macdef)");
    assertThatThrownBy(() -> parse("login u password p"))
        .hasMessageStartingWith("/home/u/.netrc line 1: 'login' before any 'machine' or 'default'");
    assertThatThrownBy(() -> parse("machine h login u\npassword"))
        .hasMessage("/home/u/.netrc line 2: 'password' has no value");
    assertThatThrownBy(() -> parse("machine h login \"u"))
        .hasMessage("/home/u/.netrc line 1: a quoted word has no closing '\"'");
  }

  @Test
  void aMissingFileHasNoEntries(@TempDir Path dir) throws Exception {
    assertThat(Netrc.read(dir.resolve("none")).find("h")).isEmpty();
  }

  @Test
  void theFileIsNetrcElseTheHomeDirectorysDotNetrc() {
    assertThat(Netrc.location(Map.of("NETRC", "/etc/aurora/netrc"), "/home/u")).isEqualTo(Path.of("/etc/aurora/netrc"));
    assertThat(Netrc.location(Map.of("NETRC", ""), "/home/u")).isEqualTo(FILE);
    assertThat(Netrc.location(Map.of(), "/home/u")).isEqualTo(FILE);
  }
}
