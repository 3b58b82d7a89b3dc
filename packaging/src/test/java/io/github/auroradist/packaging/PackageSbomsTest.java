package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages' SBOMs as the build ships them, made from the bills cyclonedx-maven-plugin wrote for the product
 * modules of this build (so the modules must have been packaged first, as for every test of this module).
 */
class PackageSbomsTest {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String MAVEN_VERSION = System.getProperty("aurora.version");
  private static final String VERSION = Versions.packageVersion(MAVEN_VERSION);

  @TempDir
  Path tmp;

  private static Map<String, List<Path>> shipped() {
    return PackageBuilder.jars(REPO, MAVEN_VERSION);
  }

  private static Bom parse(Path bill) throws Exception {
    assertThat(new JsonParser().validate(Files.readAllBytes(bill), Version.VERSION_16)).as("schema errors in %s", bill)
        .isEmpty();
    return new JsonParser().parse(bill.toFile());
  }

  /** The file name Maven gives the jar a component names: artifactId-version[-classifier].jar. */
  private static String jarName(Component c) {
    if (c.getPurl() == null) {
      return null;
    }
    Matcher classifier = Pattern.compile("[?&]classifier=([^&]+)").matcher(c.getPurl());
    return c.getName() + "-" + c.getVersion() + (classifier.find() ? "-" + classifier.group(1) : "") + ".jar";
  }

  @Test
  void everyJarAPackageShipsIsInItsBillWithItsVersionPurlAndSha256AndNothingElseIs() throws Exception {
    List<Path> bills = PackageSboms.write(REPO, VERSION, shipped(), tmp);
    assertThat(bills).extracting(p -> p.getFileName().toString()).containsExactly(
        "aurora-executor-" + VERSION + ".cdx.json", "aurora-scheduler-" + VERSION + ".cdx.json",
        "aurora-tools-" + VERSION + ".cdx.json");
    for (Path billFile : bills) {
      String pkg = billFile.getFileName().toString().replace("-" + VERSION + ".cdx.json", "");
      Bom bill = parse(billFile);
      List<Component> listed = new ArrayList<>(bill.getComponents());
      listed.add(bill.getMetadata().getComponent());
      Map<String, Path> jars = new TreeMap<>();
      shipped().get(pkg).forEach(j -> jars.putIfAbsent(j.getFileName().toString(), j));
      Set<String> shippedSha256 = new HashSet<>();
      for (Path jar : jars.values()) {
        String name = jar.getFileName().toString();
        String sha256 = Checksums.sha256(jar);
        shippedSha256.add(sha256);
        Component c = listed.stream().filter(l -> name.equals(jarName(l))).findFirst().orElse(null);
        assertThat(c).as("%s in the bill of %s", name, pkg).isNotNull();
        assertThat(c.getPurl()).startsWith("pkg:maven/" + c.getGroup() + "/" + c.getName() + "@" + c.getVersion());
        if (!name.startsWith("aurora-")) {
          assertThat(c.getHashes()).as("hashes of %s", name).extracting(Hash::getAlgorithm, Hash::getValue)
              .contains(tuple("SHA-256", sha256));
        }
      }
      for (Component c : bill.getComponents()) {
        if (c.getHashes() != null) {
          assertThat(c.getHashes()).as("%s is shipped by %s", c.getPurl(), pkg)
              .anyMatch(h -> shippedSha256.contains(h.getValue()));
        }
      }
      // The build's own tools are in no package.
      assertThat(listed).extracting(Component::getName).doesNotContain("jdeb", "redline", "cyclonedx-core-java");
    }
  }

  @Test
  void aurorasExecutorBillHoldsBothItsProgramsWithTheirLibraries() throws Exception {
    Bom bill = parse(PackageSboms.write(REPO, VERSION, Map.of(Contents.EXECUTOR, shipped().get(Contents.EXECUTOR)),
        tmp).get(0));
    assertThat(bill.getMetadata().getComponent().getName()).isEqualTo(Contents.EXECUTOR);
    assertThat(bill.getMetadata().getComponent().getVersion()).isEqualTo(VERSION);
    String executor = "pkg:maven/io.github.auroradist/aurora-executor@" + MAVEN_VERSION + "?type=jar";
    String observer = "pkg:maven/io.github.auroradist/aurora-observer@" + MAVEN_VERSION + "?type=jar";
    assertThat(bill.getComponents()).extracting(Component::getBomRef).contains(executor, observer)
        .doesNotHaveDuplicates();
    Dependency root = bill.getDependencies().stream().filter(d -> d.getRef().equals(Contents.EXECUTOR)).findFirst()
        .orElseThrow();
    assertThat(root.getDependencies()).extracting(Dependency::getRef).containsExactly(executor, observer);
    // Each program's own dependency graph came along.
    assertThat(bill.getDependencies()).extracting(Dependency::getRef).contains(executor, observer);
  }

  /** What would differ between two builds of one commit (ReproducibleBuildTest compares two writes). */
  @Test
  void theBillsCarryNoTimeAndANameBasedSerialNumber() throws Exception {
    for (Path bill : PackageSboms.write(REPO, VERSION, shipped(), tmp)) {
      // Not through the parsed model: its Metadata makes up the current time when the bill has none.
      assertThat(Files.readString(bill)).as("%s", bill).doesNotContain("\"timestamp\"");
      // A name-based (version 3) UUID, the same for every build of one commit, unlike a random (version 4) one.
      assertThat(parse(bill).getSerialNumber()).as("%s", bill)
          .matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
  }

  @Test
  void aMissingModuleBillIsRefusedWithTheReasonAndTheFix() {
    assertThatThrownBy(() -> PackageSboms.bill(tmp, Contents.SCHEDULER, VERSION, shipped().get(Contents.SCHEDULER)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(tmp.resolve("scheduler/target/cyclonedx.json") + " is missing")
        .hasMessageContaining("offline (-o)")
        .hasMessageContaining("build without -o");
  }

  @Test
  void aBillThatMissesAShippedJarIsRefused() throws Exception {
    Path leftover = Files.writeString(tmp.resolve("guava-1.0.jar"), "a jar of an earlier build");
    List<Path> jars = new ArrayList<>(shipped().get(Contents.TOOLS));
    jars.add(leftover);
    assertThatThrownBy(() -> PackageSboms.bill(REPO, Contents.TOOLS, VERSION, jars))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aurora-tools ships " + leftover + ", which its bill")
        .hasMessageContaining("rebuild without -o");
  }

  @Test
  void aBillThatListsAJarThePackageDoesNotShipIsRefused() {
    List<Path> jars = new ArrayList<>(shipped().get(Contents.SCHEDULER));
    Path dropped = jars.remove(jars.size() - 1);
    assertThatThrownBy(() -> PackageSboms.bill(REPO, Contents.SCHEDULER, VERSION, jars))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("which aurora-scheduler does not ship")
        .hasMessageContaining(dropped.getFileName().toString().replaceAll("-[0-9].*", ""));
  }
}
