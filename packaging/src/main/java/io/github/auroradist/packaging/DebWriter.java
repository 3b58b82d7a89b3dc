package io.github.auroradist.packaging;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.vafer.jdeb.Compression;
import org.vafer.jdeb.Console;
import org.vafer.jdeb.DataProducer;
import org.vafer.jdeb.DebMaker;
import org.vafer.jdeb.PackagingException;
import org.vafer.jdeb.mapping.Mapper;
import org.vafer.jdeb.mapping.PermMapper;
import org.vafer.jdeb.producers.DataProducerFile;
import org.vafer.jdeb.producers.DataProducerLink;
import org.vafer.jdeb.producers.DataProducerPathTemplate;

/** Writes a package definition as a .deb with jdeb. */
final class DebWriter {
  static final String MAINTAINER = "Aurora distribution developers <aurora-dev@lists.invalid>";

  private final MaintainerScripts scripts;
  private final Instant buildTime;
  private final Changelog changelog;

  /** The build time stamps every file and an unreleased changelog entry (see {@link BuildTime}). */
  DebWriter(MaintainerScripts scripts, Instant buildTime, Changelog changelog) {
    this.scripts = scripts;
    this.buildTime = buildTime;
    this.changelog = changelog;
  }

  /** Returns the written file, named NAME_VERSION_all.deb. */
  Path write(PackageDefinition p, String version, Path workDir, Path outDir) throws IOException {
    List<Entry> entries = new ArrayList<>(Materializer.materialize(p, workDir.resolve("files")));
    entries.add(changelog(p, version, workDir.resolve("changelog")));
    Path control = workDir.resolve("control").resolve(p.name());
    Files.createDirectories(control);
    Files.writeString(control.resolve("control"), controlFile(p, version));
    executable(control.resolve("postinst"), scripts.debPostinst(p));
    executable(control.resolve("prerm"), scripts.debPrerm(p));
    executable(control.resolve("postrm"), scripts.debPostrm(p));

    List<DataProducer> data = new ArrayList<>();
    List<DataProducer> conffiles = new ArrayList<>();
    for (Entry e : entries) {
      Mapper[] owner = {new PermMapper(0, 0, "root", "root", e.mode(), 0755, 0, null)};
      switch (e.kind()) {
        case FILE -> {
          // jdeb lists conffile producers in control/conffiles only; the file itself is data too.
          DataProducer file = new DataProducerFile(e.source().toFile(), e.path(), null, null, owner);
          data.add(file);
          if (e.conffile()) {
            conffiles.add(file);
          }
        }
        case DIRECTORY -> data.add(new DataProducerPathTemplate(new String[] {e.path()}, null, null, owner));
        case SYMLINK -> data.add(new DataProducerLink(e.path(), e.linkTarget(), true, null, null, owner));
      }
    }
    Files.createDirectories(outDir);
    Path deb = outDir.resolve(p.name() + "_" + version + "_all.deb");
    DebMaker maker = new DebMaker(new QuietConsole(), data, conffiles);
    maker.setControl(control.toFile());
    maker.setDeb(deb.toFile());
    maker.setOutputTimestampMs(buildTime.toEpochMilli());
    try {
      maker.createDeb(Compression.GZIP);
    } catch (PackagingException e) {
      throw new IOException("cannot write " + deb + ": " + e.getMessage(), e);
    }
    return deb;
  }

  /** Debian wants a changelog in every package; a native package's is changelog.gz. */
  private Entry changelog(PackageDefinition p, String version, Path dir) throws IOException {
    String text = changelog.debian(p.name(), version, buildTime, MAINTAINER);
    Files.createDirectories(dir);
    Path gz = dir.resolve(p.name() + ".changelog.gz");
    // GZIPOutputStream writes no name and a zero time, as dpkg's checks want (gzip -n).
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return Entry.file("/usr/share/doc/" + p.name() + "/changelog.gz", gz, 0644);
  }

  static String controlFile(PackageDefinition p, String version) {
    String description = p.description().lines()
        .map(l -> l.isBlank() ? " ." : " " + l)
        .collect(Collectors.joining("\n"));
    return "Package: " + p.name() + "\n"
        + "Version: " + version + "\n"
        + "Section: admin\n"
        + "Priority: optional\n"
        + "Architecture: all\n"
        + "Maintainer: " + MAINTAINER + "\n"
        + "Depends: " + p.dependencies().deb() + "\n"
        + "Homepage: https://aurora.apache.org/\n"
        + "Description: " + p.summary() + "\n" + description + "\n";
  }

  private static void executable(Path path, String text) throws IOException {
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** jdeb narrates every file; keep the build log to warnings. */
  private static final class QuietConsole implements Console {
    @Override
    public void debug(String message) {}

    @Override
    public void info(String message) {}

    @Override
    public void warn(String message) {
      System.err.println("[jdeb] " + message);
    }
  }

}
