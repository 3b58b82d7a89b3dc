package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fills the Homebrew formula template with the client tarball's address and real sha256. */
final class BrewFormula {
  private BrewFormula() {}

  static Path write(Path template, Path tarball, String url, String version, Path out) throws IOException {
    String formula = Files.readString(template)
        .replace("@URL@", url)
        .replace("@SHA256@", Checksums.sha256(tarball))
        .replace("@VERSION@", version);
    if (formula.contains("@")) {
      int at = formula.indexOf('@');
      String rest = formula.substring(at, Math.min(formula.length(), at + 30));
      if (rest.matches("(?s)@[A-Z_]+@.*")) {
        throw new IllegalStateException("the formula template has an unknown placeholder near " + rest);
      }
    }
    Files.createDirectories(out.getParent());
    Files.writeString(out, formula);
    return out;
  }
}
