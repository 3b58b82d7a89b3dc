package io.github.auroradist.packaging.repository;

import io.github.auroradist.packaging.FileTrees;
import io.github.auroradist.packaging.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GnuPG home with the one key that signs the repositories and the rpms. A release takes the key
 * from the environment (AURORA_SIGNING_KEY, an armored private key; AURORA_SIGNING_KEY_ID; and
 * AURORA_SIGNING_KEY_PASSPHRASE when the key has one); a dev build generates a throwaway key once
 * and keeps it under target/, never in the source tree.
 */
public final class Gpg {
  static final String DEV_KEY_USER = "Aurora development build key (throwaway) <aurora-dev@lists.invalid>";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path home;
  private final String keyId;
  /** A file holding the key's passphrase, or null for a key without one. */
  private final Path passphraseFile;

  private Gpg(Path home, String keyId, Path passphraseFile) {
    this.home = home;
    this.keyId = keyId;
    this.passphraseFile = passphraseFile;
  }

  public String keyId() {
    return keyId;
  }

  Path home() {
    return home;
  }

  /** The release key when AURORA_SIGNING_KEY is set, else the dev key under {@code devHome}. */
  public static Gpg fromEnvironment(Map<String, String> env, Path releaseHome, Path devHome)
      throws IOException, InterruptedException {
    String key = env.get("AURORA_SIGNING_KEY");
    if (key == null || key.isBlank()) {
      return devKey(devHome);
    }
    String id = env.get("AURORA_SIGNING_KEY_ID");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("AURORA_SIGNING_KEY is set but AURORA_SIGNING_KEY_ID is not: set it to the"
          + " fingerprint of the key that signs (gpg --list-secret-keys --with-colons shows it on the fpr line)");
    }
    Path home = freshHome(releaseHome);
    String passphrase = env.get("AURORA_SIGNING_KEY_PASSPHRASE");
    Path passphraseFile = passphrase == null || passphrase.isEmpty() ? null
        : Files.writeString(home.resolve("passphrase"), passphrase);
    Gpg release = new Gpg(home, id.strip(), passphraseFile);
    Path keyFile = Files.writeString(home.resolve("release-key.asc"), key);
    try {
      release.run(release.withPassphrase("--import", keyFile.toString()));
    } finally {
      Files.delete(keyFile);
    }
    release.run("--list-secret-keys", release.keyId);
    return release;
  }

  /** A passphrase-less key made for this checkout's builds and tests; generated the first time only. */
  public static Gpg devKey(Path home) throws IOException, InterruptedException {
    if (!Files.isDirectory(home)) {
      Gpg fresh = new Gpg(freshHome(home), null, null);
      fresh.run("--passphrase", "", "--quick-generate-key", DEV_KEY_USER, "rsa3072", "sign", "never");
    }
    Gpg gpg = new Gpg(home, null, null);
    String listing = gpg.run("--with-colons", "--list-secret-keys", DEV_KEY_USER);
    String fingerprint = listing.lines().filter(l -> l.startsWith("fpr:")).map(l -> l.split(":", -1)[9]).findFirst()
        .orElseThrow(() -> new IOException("no secret key '" + DEV_KEY_USER + "' in " + home
            + "; delete that directory and build again to make a new dev key:\n" + listing));
    return new Gpg(home, fingerprint, null);
  }

  /** Writes {@code file}'s clear-signed form (InRelease). */
  void clearSign(Path file, Path out) throws IOException, InterruptedException {
    run(signing("--clearsign", "--output", out.toString(), file.toString()));
  }

  /** Writes an armored detached signature (Release.gpg, repomd.xml.asc). */
  void detachSign(Path file, Path out) throws IOException, InterruptedException {
    run(signing("--armor", "--detach-sign", "--output", out.toString(), file.toString()));
  }

  void exportPublicKey(Path out, boolean armor) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("--output", out.toString()));
    if (armor) {
      args.add("--armor");
    }
    args.addAll(List.of("--export", keyId));
    Files.deleteIfExists(out);
    run(args.toArray(String[]::new));
  }

  /** The arguments rpmsign needs to sign with this key. */
  List<String> rpmsignDefines() {
    // rpm's own idea of the gpg binary (gpg2 on some systems) may not exist here.
    String gpg = Processes.find("gpg").map(Path::toString).orElse("gpg");
    List<String> defines = new ArrayList<>(List.of("--define", "__gpg " + gpg, "--define", "_gpg_path " + home,
        "--define", "_gpg_name " + keyId));
    if (passphraseFile != null) {
      defines.addAll(List.of("--define",
          "_gpg_sign_cmd_extra_args --pinentry-mode loopback --passphrase-file " + passphraseFile));
    }
    return defines;
  }

  /** Stops the gpg-agent this home started, so a build leaves no process behind. */
  public void close() throws IOException, InterruptedException {
    Processes.run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent"), TIMEOUT);
  }

  private String[] signing(String... args) {
    List<String> all = new ArrayList<>(List.of("--local-user", keyId, "--yes"));
    all.addAll(List.of(withPassphrase(args)));
    return all.toArray(String[]::new);
  }

  private String[] withPassphrase(String... args) {
    List<String> all = new ArrayList<>();
    if (passphraseFile != null) {
      all.addAll(List.of("--passphrase-file", passphraseFile.toString()));
    }
    all.addAll(List.of(args));
    return all.toArray(String[]::new);
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode",
        "loopback"));
    argv.addAll(List.of(args));
    return Processes.check(argv, TIMEOUT);
  }

  private static Path freshHome(Path home) throws IOException {
    FileTrees.delete(home);
    Files.createDirectories(home.getParent());
    return Files.createDirectory(home,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
