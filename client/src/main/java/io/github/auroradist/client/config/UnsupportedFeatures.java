package io.github.auroradist.client.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Configuration fields this distribution accepts and carries (so Aurora's files load unchanged) but does not act on
 * yet. The client says so, once per field, rather than dropping them silently.
 */
public final class UnsupportedFeatures {
  private UnsupportedFeatures() {}

  /** One message per field of {@code job} that nothing acts on, naming the field and what happens instead. */
  public static List<String> of(ConfiguredJob job) {
    List<String> out = new ArrayList<>();
    if (job.enableHooks()) {
      out.add("enable_hooks = True: this client runs no client hooks; the command goes ahead without them");
    }
    return out;
  }
}
