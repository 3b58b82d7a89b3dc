package io.github.auroradist.client.config;

import io.github.auroradist.client.keys.AuroraJobKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.python.core.PyDictionary;

/**
 * An evaluated {@code .aurora} file: the keys of its jobs, each rendered on demand, so a
 * broken job elsewhere in the file does not stop work on the one asked for.
 */
public final class AuroraConfig {
  /** One entry of the file's {@code jobs} list; {@code pythonJob} is the Jython object. */
  record Entry(AuroraJobKey key, Object pythonJob) {}

  private final AuroraConfigLoader loader;
  private final Path file;
  private final Map<String, String> bindings;
  private final PyDictionary pyBindings;
  private final List<Entry> entries;

  AuroraConfig(AuroraConfigLoader loader, Path file, Map<String, String> bindings,
      PyDictionary pyBindings, List<Entry> entries) {
    this.loader = loader;
    this.file = file;
    this.bindings = Map.copyOf(bindings);
    this.pyBindings = pyBindings;
    this.entries = List.copyOf(entries);
  }

  public Path file() {
    return file;
  }

  public Map<String, String> bindings() {
    return bindings;
  }

  /** The keys of the jobs in file order. */
  public List<AuroraJobKey> jobKeys() {
    return entries.stream().map(Entry::key).toList();
  }

  /**
   * Renders the job with this key.
   *
   * @throws ConfigException when the file has no such job (listing the ones it has) or the
   *     job does not render
   */
  public ConfiguredJob job(AuroraJobKey key) throws ConfigException {
    List<Entry> matches = entries.stream().filter(e -> e.key().equals(key)).toList();
    if (matches.isEmpty()) {
      throw new ConfigException(file + " has no job " + key + "; it defines "
          + (entries.isEmpty() ? "no jobs" : entries.stream().map(e -> e.key().toString())
              .collect(Collectors.joining(", "))));
    }
    if (matches.size() > 1) {
      throw new ConfigException(file + " defines job " + key + " " + matches.size()
          + " times; each job key may appear once");
    }
    return loader.render(matches.get(0), pyBindings);
  }

  /** Renders every job of the file. */
  public List<ConfiguredJob> jobs() throws ConfigException {
    List<ConfiguredJob> out = new ArrayList<>();
    for (Entry e : entries) {
      out.add(loader.render(e, pyBindings));
    }
    return out;
  }
}
