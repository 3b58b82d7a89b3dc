package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes generated entries (launchers) to files, so every file entry has a file behind it. */
final class Materializer {
  private Materializer() {}

  static List<Entry> materialize(PackageDefinition p, Path workDir) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Entry e : p.entries()) {
      if (e.kind() == Entry.Kind.FILE && e.source() == null) {
        Path file = workDir.resolve(p.name()).resolve(e.path().substring(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.text());
        out.add(new Entry(e.path(), e.kind(), file, null, null, e.mode(), e.conffile()));
      } else {
        out.add(e);
      }
    }
    return out;
  }
}
