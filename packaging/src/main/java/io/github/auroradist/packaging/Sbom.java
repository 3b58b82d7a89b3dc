package io.github.auroradist.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A CycloneDX 1.5 (JSON) software bill of materials of one package: every jar it ships, named by
 * the Maven coordinates in the jar's META-INF/maven/.../pom.properties (with a pkg:maven purl), or
 * by its file name when the jar carries none, each with its SHA-256. Written from the jars that go
 * into the package, so it lists what ships and not the build's own tools; byte-stable for a
 * given build time.
 */
final class Sbom {
  private Sbom() {}

  record Component(String group, String name, String version, String sha256) {
    String purl() {
      return group == null ? null : "pkg:maven/" + group + "/" + name + "@" + version + "?type=jar";
    }
  }

  static Path write(String packageName, String version, List<Path> jars, Instant buildTime, Path out)
      throws IOException {
    List<Component> components = new ArrayList<>();
    for (Path jar : jars) {
      components.add(component(jar));
    }
    components.sort(Comparator.comparing((Component c) -> c.group() == null ? "" : c.group())
        .thenComparing(Component::name).thenComparing(Component::version));
    StringBuilder json = new StringBuilder();
    String serial = UUID.nameUUIDFromBytes((packageName + " " + version).getBytes(StandardCharsets.UTF_8)).toString();
    json.append("{\n")
        .append("  \"bomFormat\": \"CycloneDX\",\n")
        .append("  \"specVersion\": \"1.5\",\n")
        .append("  \"serialNumber\": \"urn:uuid:").append(serial).append("\",\n")
        .append("  \"version\": 1,\n")
        .append("  \"metadata\": {\n")
        .append("    \"timestamp\": ").append(quote(buildTime.toString())).append(",\n")
        .append("    \"component\": {\"type\": \"application\", \"bom-ref\": ").append(quote(packageName))
        .append(", \"name\": ").append(quote(packageName)).append(", \"version\": ").append(quote(version))
        .append("}\n")
        .append("  },\n")
        .append("  \"components\": [");
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      json.append(i == 0 ? "\n" : ",\n").append("    {\"type\": \"library\"");
      String ref = c.purl() != null ? c.purl() : "file:" + c.name() + "-" + c.version();
      json.append(", \"bom-ref\": ").append(quote(ref));
      if (c.group() != null) {
        json.append(", \"group\": ").append(quote(c.group()));
      }
      json.append(", \"name\": ").append(quote(c.name())).append(", \"version\": ").append(quote(c.version()));
      if (c.purl() != null) {
        json.append(", \"purl\": ").append(quote(c.purl()));
      }
      json.append(", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": ").append(quote(c.sha256())).append("}]}");
    }
    json.append("\n  ]\n}\n");
    Files.createDirectories(out.getParent());
    return Files.writeString(out, json);
  }

  /** The jar's Maven coordinates when it has exactly one pom.properties, else its file name. */
  static Component component(Path jar) throws IOException {
    String sha256 = Checksums.sha256(jar);
    try (JarFile file = new JarFile(jar.toFile())) {
      List<ZipEntry> poms = file.stream()
          .filter(e -> e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties"))
          .map(e -> (ZipEntry) e).toList();
      if (poms.size() == 1) {
        Properties p = new Properties();
        try (InputStream in = file.getInputStream(poms.get(0))) {
          p.load(in);
        }
        if (p.getProperty("groupId") != null && p.getProperty("artifactId") != null
            && p.getProperty("version") != null) {
          return new Component(p.getProperty("groupId"), p.getProperty("artifactId"), p.getProperty("version"), sha256);
        }
      }
    }
    String base = jar.getFileName().toString().replaceAll("\\.jar$", "");
    int dash = base.lastIndexOf('-');
    boolean versioned = dash > 0 && Character.isDigit(base.charAt(dash + 1));
    return new Component(null, versioned ? base.substring(0, dash) : base, versioned ? base.substring(dash + 1) : "",
        sha256);
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
