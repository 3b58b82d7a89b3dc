package io.github.auroradist.packaging.rig;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.auroradist.packaging.Checksums;
import io.github.auroradist.packaging.Processes;
import io.github.auroradist.packaging.repository.YumRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The yum repository the build made (target/repo/yum). No RHEL root file system is reachable from
 * here, so dnf does not run: rpm -K checks the signed rpms against the exported key, and the
 * repodata is checked against its checksums and its detached signature.
 */
class YumRepositoryIT {
  static final Path YUM = Path.of("target/repo/yum").toAbsolutePath();
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  @TempDir
  Path tmp;

  private static List<String> rpms() throws Exception {
    try (Stream<Path> files = Files.list(YUM.resolve("Packages"))) {
      List<String> found = files.filter(f -> f.toString().endsWith(".rpm")).map(Path::toString).sorted().toList();
      assertThat(found).as("rpms in %s", YUM).hasSize(3);
      return found;
    }
  }

  private static Processes.Result rpmK(Path db) throws Exception {
    List<String> argv = new ArrayList<>(List.of("rpm", "--dbpath", db.toString(), "-K"));
    argv.addAll(rpms());
    return Processes.run(argv, TIMEOUT);
  }

  @Test
  void rpmChecksTheSignaturesWithTheImportedKeyAndFailsWithoutIt() throws Exception {
    Path db = Files.createDirectories(tmp.resolve("rpmdb"));
    Processes.Result withoutKey = rpmK(db);
    assertThat(withoutKey.exitCode()).as(withoutKey.output()).isNotZero();
    assertThat(withoutKey.output().lines()).hasSize(3).allMatch(l -> l.endsWith("digests SIGNATURES NOT OK"));

    Processes.check(List.of("rpm", "--dbpath", db.toString(), "--import", YUM.resolve(YumRepository.PUBLIC_KEY)
        .toString()), TIMEOUT);
    Processes.Result withKey = rpmK(db);
    assertThat(withKey.exitCode()).as(withKey.output()).isZero();
    assertThat(withKey.output().lines()).hasSize(3).allMatch(l -> l.endsWith("digests signatures OK"));
  }

  @Test
  void repodataMatchesItsChecksumsAndItsSignature() throws Exception {
    Path repodata = YUM.resolve("repodata");
    Document repomd = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder()
        .parse(repodata.resolve("repomd.xml").toFile());
    NodeList data = repomd.getElementsByTagName("data");
    List<String> types = new ArrayList<>();
    for (int i = 0; i < data.getLength(); i++) {
      Element d = (Element) data.item(i);
      types.add(d.getAttribute("type"));
      Element checksum = (Element) d.getElementsByTagName("checksum").item(0);
      Path file = YUM.resolve(((Element) d.getElementsByTagName("location").item(0)).getAttribute("href"));
      assertThat(checksum.getAttribute("type")).isEqualTo("sha256");
      assertThat(Checksums.sha256(file)).as(file.toString()).isEqualTo(checksum.getTextContent().strip());
    }
    assertThat(types).contains("primary", "filelists", "other");

    Path home = Files.createDirectory(tmp.resolve("gnupg"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Processes.check(List.of("gpg", "--homedir", home.toString(), "--batch", "--import",
        YUM.resolve(YumRepository.PUBLIC_KEY).toString()), TIMEOUT);
    Processes.Result verify = Processes.run(List.of("gpg", "--homedir", home.toString(), "--batch", "--verify",
        repodata.resolve("repomd.xml.asc").toString(), repodata.resolve("repomd.xml").toString()), TIMEOUT);
    assertThat(verify.exitCode()).as(verify.output()).isZero();
    assertThat(verify.output()).contains("Good signature");
  }
}
