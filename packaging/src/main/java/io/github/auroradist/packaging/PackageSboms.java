package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.parsers.JsonParser;

/**
 * The CycloneDX SBOM of each package, PACKAGE-VERSION.cdx.json, from the bills cyclonedx-maven-plugin wrote for the
 * product modules (MODULE/target/cyclonedx.json). A package of one module ships that module's bill unchanged;
 * aurora-executor, which holds the executor and the observer, gets the two merged into one with the CycloneDX
 * library the plugin writes them with. A bill that does not name every jar its package ships (with that jar's
 * SHA-256), or names a jar the package does not ship, is refused: Maven skips the plugin offline (-o), which leaves
 * the bill of an earlier build, and target/lib can hold jars of an earlier build.
 */
final class PackageSboms {
  /** Where cyclonedx-maven-plugin writes a module's bill (its outputName in the root pom). */
  static final String MODULE_BILL = "target/cyclonedx.json";

  /** The product modules each package is made of, in the order their bills are merged. */
  static final Map<String, List<String>> MODULES = Map.of(
      Contents.SCHEDULER, List.of("scheduler"),
      Contents.EXECUTOR, List.of("executor", "observer"),
      Contents.TOOLS, List.of("client"));

  private PackageSboms() {}

  /** Writes PACKAGE-VERSION.cdx.json into {@code out} for every package of {@code jarsByPackage}. */
  static List<Path> write(Path repo, String version, Map<String, List<Path>> jarsByPackage, Path out)
      throws IOException {
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<Path>> e : new TreeMap<>(jarsByPackage).entrySet()) {
      written.add(Files.write(out.resolve(e.getKey() + "-" + version + ".cdx.json"),
          bill(repo, e.getKey(), version, e.getValue())));
    }
    return written;
  }

  /** The bill of one package, checked against the jars it ships and against the CycloneDX schema. */
  static byte[] bill(Path repo, String pkg, String version, List<Path> jars) throws IOException {
    List<String> modules = MODULES.get(pkg);
    if (modules == null) {
      throw new IllegalArgumentException("no product modules are known for the package " + pkg
          + "; add it to PackageSboms.MODULES");
    }
    List<Path> files = new ArrayList<>();
    List<Bom> bills = new ArrayList<>();
    for (String module : modules) {
      Path file = repo.resolve(module).resolve(MODULE_BILL);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException(file + " is missing. cyclonedx-maven-plugin writes it when the " + module
            + " module is packaged, but Maven skips that goal when it runs offline (-o): build without -o, e.g."
            + " ./mvnw -B install -DskipTests");
      }
      files.add(file);
      bills.add(parse(file));
    }
    Version schema = schemaOf(bills, files);
    byte[] json;
    if (bills.size() == 1) {
      json = Files.readAllBytes(files.get(0));
    } else {
      try {
        json = BomGeneratorFactory.createJson(schema, merge(pkg, version, bills)).toJsonString()
            .getBytes(StandardCharsets.UTF_8);
      } catch (GeneratorException e) {
        throw new IOException("cannot write the merged bill of " + pkg + ": " + e.getMessage(), e);
      }
    }
    List<ParseException> invalid = new JsonParser().validate(json, schema);
    if (!invalid.isEmpty()) {
      throw new IllegalStateException("the bill of " + pkg + " (from " + files + ") breaks the CycloneDX "
          + schema.getVersionString() + " schema: " + invalid.get(0).getMessage());
    }
    checkCovers(pkg, files, parseBytes(json, files), jars);
    return json;
  }

  /**
   * One bill of several modules' bills: the package is its subject, each module a component it depends on, and
   * every library any module runs with listed once, with each module's dependency graph.
   */
  static Bom merge(String pkg, String version, List<Bom> bills) {
    Metadata first = bills.get(0).getMetadata();
    Metadata metadata = new Metadata();
    // A new Metadata carries the current time; the modules' bills carry none (reproducible mode), nor does this.
    metadata.setTimestamp(null);
    metadata.setToolChoice(first.getToolChoice());
    metadata.setLifecycles(first.getLifecycles());
    metadata.setProperties(first.getProperties());
    Component subject = new Component();
    subject.setType(Component.Type.APPLICATION);
    subject.setName(pkg);
    subject.setVersion(version);
    subject.setBomRef(pkg);
    metadata.setComponent(subject);

    Map<String, Component> components = new LinkedHashMap<>();
    Map<String, Dependency> dependencies = new LinkedHashMap<>();
    Dependency root = new Dependency(pkg);
    dependencies.put(pkg, root);
    StringBuilder serials = new StringBuilder(pkg + " " + version);
    for (Bom bill : bills) {
      Component module = bill.getMetadata().getComponent();
      components.putIfAbsent(module.getBomRef(), module);
      root.addDependency(new Dependency(module.getBomRef()));
      for (Component c : listOrEmpty(bill.getComponents())) {
        components.putIfAbsent(c.getBomRef(), c);
      }
      for (Dependency d : listOrEmpty(bill.getDependencies())) {
        dependencies.putIfAbsent(d.getRef(), d);
      }
      serials.append(' ').append(bill.getSerialNumber());
    }
    Bom merged = new Bom();
    // Derived from the modules' bills, which the plugin numbers by module in reproducible mode: the same for every
    // build of one commit, and different for other contents.
    merged.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(serials.toString().getBytes(StandardCharsets.UTF_8)));
    merged.setMetadata(metadata);
    merged.setComponents(new ArrayList<>(components.values()));
    merged.setDependencies(new ArrayList<>(dependencies.values()));
    return merged;
  }

  /**
   * Refuses a bill that misses a jar the package ships or names one it does not. Libraries are matched by their
   * SHA-256; the modules' own jars, whose bill entries carry no hash, by artifactId-version.jar.
   */
  static void checkCovers(String pkg, List<Path> files, Bom bill, List<Path> jars) throws IOException {
    Map<String, Component> bySha256 = new LinkedHashMap<>();
    Map<String, Component> byJarName = new LinkedHashMap<>();
    List<Component> all = new ArrayList<>(listOrEmpty(bill.getComponents()));
    all.add(bill.getMetadata().getComponent());
    for (Component c : all) {
      String sha256 = sha256(c);
      if (sha256 != null) {
        bySha256.put(sha256, c);
      } else if (c.getPurl() != null) {
        byJarName.put(c.getName() + "-" + c.getVersion() + ".jar", c);
      }
    }
    String fix = "; the bill is from an earlier build (Maven skips cyclonedx-maven-plugin offline, -o) or target/lib"
        + " holds a jar of an earlier build: rebuild without -o, after ./mvnw clean if target/lib has leftovers";
    // One jar per file name, as the package holds them (aurora-executor's two modules share libraries).
    Map<String, Path> shipped = new LinkedHashMap<>();
    jars.forEach(j -> shipped.putIfAbsent(j.getFileName().toString(), j));
    for (Path jar : shipped.values()) {
      String name = jar.getFileName().toString();
      Component c = bySha256.remove(Checksums.sha256(jar));
      if (c == null) {
        c = byJarName.remove(name);
      }
      if (c == null || c.getPurl() == null || !name.startsWith(c.getName() + "-" + c.getVersion())) {
        throw new IllegalStateException(pkg + " ships " + jar + ", which its bill " + files
            + " does not list with that content" + fix);
      }
    }
    if (!bySha256.isEmpty()) {
      throw new IllegalStateException("the bill " + files + " lists " + bySha256.values().iterator().next().getPurl()
          + ", which " + pkg + " does not ship" + fix);
    }
  }

  private static String sha256(Component c) {
    for (Hash h : listOrEmpty(c.getHashes())) {
      if (h.getAlgorithm().equals(Hash.Algorithm.SHA_256.getSpec())) {
        return h.getValue();
      }
    }
    return null;
  }

  private static Version schemaOf(List<Bom> bills, List<Path> files) {
    String spec = bills.get(0).getSpecVersion();
    for (Bom b : bills) {
      if (!spec.equals(b.getSpecVersion())) {
        throw new IllegalStateException("the bills " + files + " are of different CycloneDX versions; rebuild them");
      }
    }
    for (Version v : Version.values()) {
      if (v.getVersionString().equals(spec)) {
        return v;
      }
    }
    throw new IllegalStateException("the bills " + files + " are CycloneDX " + spec + ", which this build cannot read");
  }

  private static Bom parse(Path file) throws IOException {
    return parseBytes(Files.readAllBytes(file), List.of(file));
  }

  private static Bom parseBytes(byte[] json, List<Path> files) throws IOException {
    try {
      return new JsonParser().parse(json);
    } catch (ParseException e) {
      throw new IOException(files + " is no CycloneDX JSON bill: " + e.getMessage(), e);
    }
  }

  private static <T> List<T> listOrEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
