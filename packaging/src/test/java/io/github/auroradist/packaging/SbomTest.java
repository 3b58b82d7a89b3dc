package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomTest {
  private static final Instant BUILD_TIME = Instant.parse("2024-05-06T07:08:09Z");

  @TempDir
  Path tmp;

  private Path jar(String name, String pomProperties) throws IOException {
    Path jar = tmp.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new ZipEntry("demo/Demo.class"));
      out.write(name.getBytes(StandardCharsets.UTF_8));
      if (pomProperties != null) {
        out.putNextEntry(new ZipEntry("META-INF/maven/org.example/demo/pom.properties"));
        out.write(pomProperties.getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  @Test
  void listsEveryJarWithItsMavenCoordinatesOrFileNameAndItsSha256() throws Exception {
    Path maven = jar("demo-1.2.jar", "groupId=org.example\nartifactId=demo\nversion=1.2\n");
    Path plain = jar("plain-lib-3.4.5.jar", null);
    Path sbom = Sbom.write("aurora-demo", "1.0~SNAPSHOT", List.of(plain, maven), BUILD_TIME,
        tmp.resolve("out/aurora-demo.cdx.json"));
    String json = Files.readString(sbom);
    assertThat(json).contains("\"bomFormat\": \"CycloneDX\"", "\"specVersion\": \"1.5\"",
        "\"timestamp\": \"2024-05-06T07:08:09Z\"",
        "\"name\": \"aurora-demo\", \"version\": \"1.0~SNAPSHOT\"",
        "\"group\": \"org.example\", \"name\": \"demo\", \"version\": \"1.2\","
            + " \"purl\": \"pkg:maven/org.example/demo@1.2?type=jar\"",
        "\"content\": \"" + Checksums.sha256(maven) + "\"",
        "\"name\": \"plain-lib\", \"version\": \"3.4.5\", \"hashes\"",
        "\"content\": \"" + Checksums.sha256(plain) + "\"");

    Path again = Sbom.write("aurora-demo", "1.0~SNAPSHOT", List.of(maven, plain), BUILD_TIME,
        tmp.resolve("again/aurora-demo.cdx.json"));
    assertThat(Files.readString(again)).isEqualTo(json);
  }
}
