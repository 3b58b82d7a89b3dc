package io.github.auroradist.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one time stamp every file inside the packages carries, so two builds of one commit are
 * byte-identical: SOURCE_DATE_EPOCH when set, else the commit time of the checkout's HEAD, else
 * {@link #FALLBACK} (a source tree without git and without SOURCE_DATE_EPOCH).
 */
final class BuildTime {
  /** 2020-01-01T00:00:00Z; documented in docs/packaging.md. */
  static final Instant FALLBACK = Instant.ofEpochSecond(1577836800L);

  private BuildTime() {}

  static Instant of(Path repo) {
    return of(System.getenv(), repo);
  }

  static Instant of(Map<String, String> env, Path repo) {
    String epoch = env.get("SOURCE_DATE_EPOCH");
    if (epoch != null && !epoch.isBlank()) {
      if (!epoch.strip().matches("\\d{1,12}")) {
        throw new IllegalArgumentException("SOURCE_DATE_EPOCH='" + epoch + "' is not a number of seconds since"
            + " 1970-01-01 UTC; set it to e.g. $(git log -1 --format=%ct) or unset it");
      }
      return Instant.ofEpochSecond(Long.parseLong(epoch.strip()));
    }
    Instant commit = headCommitTime(repo);
    return commit != null ? commit : FALLBACK;
  }

  /** The committer time of HEAD, or null when the tree is no git checkout or git is missing. */
  private static Instant headCommitTime(Path repo) {
    try {
      Processes.Result git = Processes.run(
          List.of("git", "-C", repo.toString(), "log", "-1", "--format=%ct", "HEAD"), Duration.ofSeconds(30));
      String out = git.output().strip();
      return git.ok() && out.matches("\\d+") ? Instant.ofEpochSecond(Long.parseLong(out)) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
