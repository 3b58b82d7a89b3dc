package io.github.auroradist.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.redline_rpm.changelog.ChangelogParseException;
import org.redline_rpm.Builder;
import org.redline_rpm.header.Architecture;
import org.redline_rpm.header.Header;
import org.redline_rpm.header.Os;
import org.redline_rpm.header.RpmType;
import org.redline_rpm.payload.CpioHeader;
import org.redline_rpm.payload.Directive;

/** Writes a package definition as a .rpm with redline. */
final class RpmWriter {
  private static final Directive DOC = new Directive(Directive.RPMFILE_DOC);
  private static final Directive CONFIG_NOREPLACE =
      new Directive(Directive.RPMFILE_CONFIG | Directive.RPMFILE_NOREPLACE);

  private final MaintainerScripts scripts;
  private final Instant buildTime;
  private final Changelog changelog;

  /** The build time goes into the header, an unreleased changelog entry and every file (see {@link BuildTime}). */
  RpmWriter(MaintainerScripts scripts, Instant buildTime, Changelog changelog) {
    this.scripts = scripts;
    this.buildTime = buildTime;
    this.changelog = changelog;
  }

  private static Directive directive(Entry e) {
    if (e.conffile()) {
      return CONFIG_NOREPLACE;
    }
    return e.path().startsWith("/usr/share/doc/") ? DOC : Directive.NONE;
  }

  /** An RPM changelog entry for this build, in the format rpm's %changelog uses. */
  private Path changelog(PackageDefinition p, String version, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(p.name() + ".changelog");
    Files.writeString(file, changelog.rpm(version, buildTime, DebWriter.MAINTAINER));
    return file;
  }

  /** Returns the written file, named NAME-VERSION-RELEASE.noarch.rpm. */
  Path write(PackageDefinition p, String version, Path workDir, Path outDir) throws IOException {
    List<Entry> entries = Materializer.materialize(p, workDir.resolve("files"));
    Builder rpm = new ReproducibleBuilder(buildTime);
    rpm.setPackage(p.name(), version, Versions.RPM_RELEASE);
    rpm.setType(RpmType.BINARY);
    rpm.setPlatform(Architecture.NOARCH, Os.LINUX);
    rpm.setSummary(p.summary());
    rpm.setDescription(p.description());
    rpm.setLicense("Apache-2.0");
    rpm.setGroup("System Environment/Daemons");
    rpm.setPackager(DebWriter.MAINTAINER);
    rpm.setUrl("https://aurora.apache.org/");
    rpm.setBuildHost("localhost");
    for (PackageDefinition.Requirement r : p.dependencies().rpm()) {
      if (r.minimumVersion() == null) {
        rpm.addDependency(r.name(), 0, "");
      } else {
        rpm.addDependencyMore(r.name(), r.minimumVersion());
      }
    }
    try {
      rpm.addChangelogFile(changelog(p, version, workDir.resolve("changelog")).toFile());
    } catch (ChangelogParseException e) {
      throw new IOException("the generated RPM changelog is malformed: " + e.getMessage(), e);
    }
    String pre = scripts.rpmPre(p);
    if (pre != null) {
      rpm.setPreInstallScript(pre);
    }
    rpm.setPostInstallScript(scripts.rpmPost(p));
    rpm.setPreUninstallScript(scripts.rpmPreun(p));
    rpm.setPostUninstallScript(scripts.rpmPostun(p));
    try {
      for (Entry e : entries) {
        switch (e.kind()) {
          case FILE -> rpm.addFile(e.path(), e.source().toFile(), e.mode(), -1, directive(e), "root", "root", false);
          case DIRECTORY -> rpm.addDirectory(e.path(), e.mode(), Directive.NONE, "root", "root", false);
          case SYMLINK -> rpm.addLink(e.path(), e.linkTarget(), e.mode(), "root", "root");
        }
      }
      Files.createDirectories(outDir);
      String name = rpm.build(outDir.toFile());
      return outDir.resolve(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("cannot write the RPM of " + p.name(), e);
    }
  }

  /**
   * Redline stamps the header with the wall clock, directories and links with the wall clock and
   * files with their modification time; this one stamps all of them with the build time.
   */
  private static final class ReproducibleBuilder extends Builder {
    private final Instant buildTime;

    ReproducibleBuilder(Instant buildTime) {
      this.buildTime = buildTime;
    }

    @Override
    public String build(File directory) throws NoSuchAlgorithmException, IOException {
      format.getHeader().createEntry(Header.HeaderTag.BUILDTIME, (int) buildTime.getEpochSecond());
      for (CpioHeader h : contents.headers()) {
        h.setMtime(buildTime.toEpochMilli());
      }
      return super.build(directory);
    }
  }
}
