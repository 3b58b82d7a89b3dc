package io.github.auroradist.client.cli;

import io.github.auroradist.client.config.AuroraConfig;
import io.github.auroradist.client.config.AuroraConfigLoader;
import io.github.auroradist.client.config.ConfigException;
import io.github.auroradist.client.config.ConfiguredJob;
import io.github.auroradist.client.config.DockerImageBinding;
import io.github.auroradist.client.config.UnsupportedFeatures;
import io.github.auroradist.client.keys.AuroraJobKey;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads a configuration file shares. */
final class ConfigOptions {
  @Option(names = "--bind", paramLabel = "NAME=VALUE",
      description = "Bind a template variable, e.g. --bind profile_version=7 (repeatable).")
  List<String> bindings = List.of();

  @Option(names = "--read-json",
      description = "Read the configuration as JSON (as written by job inspect --write-json).")
  boolean readJson;

  Map<String, String> bindingMap() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String b : bindings) {
      int eq = b.indexOf('=');
      if (eq <= 0) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--bind '" + b
            + "' must be NAME=VALUE, for example --bind version=7");
      }
      String name = b.substring(0, eq).trim();
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new CommandFailure(ExitCodes.INVALID_PARAMETER, "--bind name '" + name
            + "' must be an identifier (letters, digits and _)");
      }
      out.put(name, b.substring(eq + 1));
    }
    return out;
  }

  AuroraConfig load(Path file) throws ConfigException {
    long start = System.nanoTime();
    AuroraConfig config = AuroraConfigLoader.shared().load(file, bindingMap());
    if (AuroraMain.verbose) {
      System.err.printf("loaded %s in %d ms%n", file, (System.nanoTime() - start) / 1_000_000);
    }
    return config;
  }

  /** The job {@code key} of {@code file}, from .aurora or (with --read-json) JSON. */
  ConfiguredJob job(AuroraJobKey key, Path file) throws ConfigException {
    ConfiguredJob job;
    if (readJson) {
      job = AuroraConfigLoader.readJson(file, key);
      if (!job.key().equals(key)) {
        throw new ConfigException(file + " holds job " + job.key() + ", not " + key);
      }
    } else {
      job = load(file).job(key);
    }
    UnsupportedFeatures.of(job).forEach(ClientContext::warnOnce);
    return DockerImageBinding.bind(job, () -> ClientContext.cluster(key.cluster()), ClientContext.requestTimeout);
  }
}
