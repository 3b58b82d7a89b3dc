package io.github.auroradist.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes a small package in both formats and reads it back with the formats' own tools. */
class PackageWritersTest {
  private static final Instant BUILD_TIME = Instant.parse("2024-05-06T07:08:09Z");

  @TempDir
  Path tmp;

  private PackageDefinition sample() throws IOException {
    return sample(tmp);
  }

  /** A small package whose files live in {@code dir}. */
  static PackageDefinition sample(Path dir) throws IOException {
    Path jar = Files.writeString(dir.resolve("demo.jar"), "not really a jar");
    Path conf = Files.writeString(dir.resolve("demo.defaults"), "PORT=1\n");
    Path secret = Files.writeString(dir.resolve("demo.ini"), "[users]\n");
    return new PackageDefinition("aurora-demo", "Demo package", "A package for the test.\n\nSecond paragraph.",
        List.of(Entry.directory("/usr/share/aurora-demo"),
            Entry.file("/usr/share/aurora-demo/demo.jar", jar, 0644),
            Entry.generated("/usr/bin/aurora-demo", "#!/bin/sh\necho demo\n", 0755),
            Entry.symlink("/usr/bin/aurora_demo", "aurora-demo"),
            Entry.file("/etc/default/aurora-demo", conf, 0644).asConffile(),
            Entry.file("/etc/aurora/demo.ini", secret, 0640).asConffile()),
        new PackageDefinition.Dependencies("default-jre-headless (>= 2:1.17) | java17-runtime-headless",
            List.of(new PackageDefinition.Requirement("java-headless", "1:17"))),
        "aurora", List.of("/var/lib/aurora", "/var/log/aurora"), List.of("/etc/aurora/demo.ini"),
        List.of(new PackageDefinition.Service("aurora-demo", "/var/lib/aurora/ready", "make it ready first")),
        null);
  }

  /** An unreleased 1.2.3 above a released 1.2.2, as CHANGELOG.md would list them. */
  static final Changelog CHANGELOG = new Changelog(List.of(
      new Changelog.Release("1.2.3", null, List.of("A change being made.")),
      new Changelog.Release("1.2.2", java.time.LocalDate.of(2024, 1, 2), List.of("An older change."))));

  static MaintainerScripts scripts() throws IOException {
    return new MaintainerScripts(Files.readString(Path.of("../packaging/scripts/functions.sh")));
  }

  @Test
  void debHasControlConffilesScriptsAndModes() throws Exception {
    Path deb = new DebWriter(scripts(), BUILD_TIME, CHANGELOG)
        .write(sample(), "1.2.3~SNAPSHOT", tmp.resolve("work"), tmp.resolve("out"));
    assertThat(deb.getFileName().toString()).isEqualTo("aurora-demo_1.2.3~SNAPSHOT_all.deb");

    String info = run("dpkg-deb", "-I", deb.toString());
    assertThat(info).contains("Package: aurora-demo", "Version: 1.2.3~SNAPSHOT", "Architecture: all",
        "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless", " Second paragraph.", " .");
    assertThat(run("dpkg-deb", "-f", deb.toString(), "Package")).isEqualTo("aurora-demo\n");
    Path control = tmp.resolve("control");
    run("dpkg-deb", "-e", deb.toString(), control.toString());
    assertThat(Files.readString(control.resolve("conffiles")).strip())
        .isEqualTo("/etc/default/aurora-demo\n/etc/aurora/demo.ini");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
      run("sh", "-n", control.resolve(script).toString());
    }
    assertThat(Files.readString(control.resolve("postinst")))
        .contains("aurora_create_user aurora /var/lib/aurora")
        .contains("aurora_own_dirs aurora 0750 /var/lib/aurora /var/log/aurora")
        .contains("aurora_own_files aurora /etc/aurora/demo.ini")
        .contains("aurora_enable_service aurora-demo '/var/lib/aurora/ready'")
        .contains("aurora_restart_service aurora-demo");

    String listing = run("dpkg-deb", "-c", deb.toString());
    assertThat(listing).containsPattern("-rwxr-xr-x root/root .* \\./usr/bin/aurora-demo")
        .containsPattern("-rw-r--r-- root/root .* \\./etc/default/aurora-demo")
        .containsPattern("-rw-r----- root/root .* \\./etc/aurora/demo.ini")
        .containsPattern("lrwxrwxrwx root/root .* \\./usr/bin/aurora_demo -> aurora-demo")
        .containsPattern("drwxr-xr-x root/root .* \\./usr/share/aurora-demo/");
    assertThat(listing.lines().filter(l -> l.endsWith("./etc/default/aurora-demo"))).hasSize(1);

    Path unpacked = tmp.resolve("unpacked");
    run("dpkg-deb", "-x", deb.toString(), unpacked.toString());
    String changelog = new String(new java.util.zip.GZIPInputStream(Files.newInputStream(
        unpacked.resolve("usr/share/doc/aurora-demo/changelog.gz"))).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(changelog).contains("aurora-demo (1.2.3~SNAPSHOT) unstable; urgency=medium\n\n  * A change being made.",
        "aurora-demo (1.2.2) unstable; urgency=medium\n\n  * An older change.", "Tue, 2 Jan 2024 00:00:00 GMT");
  }

  @Test
  void rpmHasRequirementsConfigNoreplaceAndScripts() throws Exception {
    assumeThat(Processes.onPath("rpm")).as("rpm is installed (.ci/run installs it)").isTrue();
    Path rpm = new RpmWriter(scripts(), BUILD_TIME, CHANGELOG)
        .write(sample(), "1.2.3~SNAPSHOT", tmp.resolve("work"), tmp.resolve("out"));
    assertThat(rpm.getFileName().toString()).isEqualTo("aurora-demo-1.2.3~SNAPSHOT-1.noarch.rpm");
    assertThat(run("rpm", "-qp", "--qf", "%{NAME} %{VERSION} %{RELEASE} %{ARCH}\\n", rpm.toString()))
        .isEqualTo("aurora-demo 1.2.3~SNAPSHOT 1 noarch\n");
    assertThat(run("rpm", "-qp", "--requires", rpm.toString())).contains("java-headless >= 1:17");
    assertThat(run("rpm", "-qcp", rpm.toString()).lines().sorted().toList())
        .containsExactly("/etc/aurora/demo.ini", "/etc/default/aurora-demo");
    assertThat(run("rpm", "-qp", "--qf", "[%{FILENAMES} %{FILEFLAGS:fflags}\\n]", rpm.toString()))
        .contains("/etc/default/aurora-demo cn");
    assertThat(run("rpm", "-qlvp", rpm.toString()))
        .containsPattern("-rwxr-xr-x .*root .*root .*/usr/bin/aurora-demo")
        .containsPattern("lrwxrwxrwx .*/usr/bin/aurora_demo -> aurora-demo")
        .containsPattern("-rw-r----- .*root .*root .*/etc/aurora/demo.ini");
    String scripts = run("rpm", "-qp", "--scripts", rpm.toString());
    assertThat(scripts).contains("preinstall scriptlet", "postinstall scriptlet", "preuninstall scriptlet",
        "postuninstall scriptlet", "aurora_create_user aurora", "aurora_own_files aurora /etc/aurora/demo.ini");
    assertThat(run("rpm", "-qp", "--changelog", rpm.toString())).contains("- 1.2.3~SNAPSHOT-1\n- A change being made.",
        "Tue Jan 02 2024 Aurora distribution developers <aurora-dev@lists.invalid> - 1.2.2-1\n- An older change.");
  }

  @Test
  void versionsMapSnapshotsBeforeReleases() {
    assertThat(Versions.packageVersion("0.1.0-SNAPSHOT")).isEqualTo("0.1.0~SNAPSHOT");
    assertThat(Versions.packageVersion("0.22.0")).isEqualTo("0.22.0");
  }

  static String run(String... command) throws Exception {
    Processes.Result r = Processes.run(List.of(command), Duration.ofSeconds(60));
    assertThat(r.exitCode()).as("%s exited with output:%n%s", List.of(command), r.output()).isZero();
    return r.output();
  }
}
