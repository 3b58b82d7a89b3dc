package io.github.auroradist.client.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.auroradist.client.keys.AuroraJobKey;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.python.core.BytecodeLoader;
import org.python.core.Py;
import org.python.core.PyBaseCode;
import org.python.core.PyCode;
import org.python.core.PyDictionary;
import org.python.core.PyException;
import org.python.core.PyObject;
import org.python.core.PyString;
import org.python.core.PySyntaxError;
import org.python.core.PyTraceback;
import org.python.core.PyUnicode;
import org.python.util.PythonInterpreter;

/**
 * Evaluates {@code .aurora} files. The files are Python 2.7 run by Jython with our own
 * implementation of the Aurora schema (the Python resources beside this class that {@code SchemaSources.MODULES}
 * names: the type system, then {@code schema.py}, {@code task_helpers.py} and {@code loader.py}).
 *
 * <p>Setting up Jython costs a second or more, so one interpreter is shared by every load
 * in the JVM ({@link #shared()}); loads are serialized on it. Each file is evaluated in a
 * fresh namespace, so files never see each other's names.
 */
public final class AuroraConfigLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile AuroraConfigLoader shared;

  private final PythonInterpreter python;
  private final PyObject configError;
  private final PyObject loadConfig;
  private final PyObject jobKey;
  private final PyObject exportJob;
  private final boolean precompiled;

  private AuroraConfigLoader() {
    Properties post = new Properties();
    post.setProperty("python.import.site", "false");
    post.setProperty("python.cachedir.skip", "true");
    post.setProperty("python.console.encoding", "UTF-8");
    post.setProperty("python.security.respectJavaAccessibility", "true");
    PythonInterpreter.initialize(System.getProperties(), post, new String[0]);
    python = new PythonInterpreter();
    // What a configuration prints must not mix with command output such as --write-json.
    python.setOut(System.err);
    boolean allPrecompiled = true;
    for (String module : SchemaSources.MODULES) {
      PyCode code = precompiled(module);
      if (code == null) {
        allPrecompiled = false;
        code = python.compile(new StringReader(SchemaSources.source(module)),
            SchemaSources.fileName(module));
      }
      python.exec(code);
      python.get("_register_internal").__call__(new PyString(SchemaSources.fileName(module)));
    }
    precompiled = allPrecompiled;
    configError = python.get("ConfigError");
    loadConfig = python.get("_load_config");
    jobKey = python.get("_job_key");
    exportJob = python.get("_export_job");
  }

  /** The loader of this JVM; the first call sets up Jython. */
  public static AuroraConfigLoader shared() {
    AuroraConfigLoader loader = shared;
    if (loader == null) {
      synchronized (AuroraConfigLoader.class) {
        loader = shared;
        if (loader == null) {
          loader = new AuroraConfigLoader();
          shared = loader;
        }
      }
    }
    return loader;
  }

  /**
   * Evaluates {@code file} and finds the keys of the jobs it defines.
   *
   * @param bindings {@code --bind name=value} pairs, bound on every job (nearest to the job)
   */
  public AuroraConfig load(Path file, Map<String, String> bindings) throws ConfigException {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist or is not a file");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigException("configuration file " + file + " is not readable");
    }
    synchronized (this) {
      PyObject jobs = call(loadConfig,
          new PyUnicode(file.toAbsolutePath().normalize().toString()));
      PyDictionary pyBindings = toPython(bindings);
      List<AuroraConfig.Entry> entries = new ArrayList<>();
      for (PyObject job : jobs.asIterable()) {
        PyObject key = call(jobKey, job, pyBindings);
        List<String> parts = new ArrayList<>();
        for (PyObject part : key.asIterable()) {
          parts.add(part.toString());
        }
        entries.add(new AuroraConfig.Entry(
            new AuroraJobKey(parts.get(0), parts.get(1), parts.get(2), parts.get(3)), job));
      }
      return new AuroraConfig(this, file, bindings, pyBindings, entries);
    }
  }

  /** Renders one job of a loaded file; {@link AuroraConfig#job} calls this. */
  ConfiguredJob render(AuroraConfig.Entry entry, PyDictionary bindings) throws ConfigException {
    String json;
    synchronized (this) {
      json = call(exportJob, (PyObject) entry.pythonJob(), bindings).toString();
    }
    try {
      return ConfiguredJob.fromExport(JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException("the configuration exporter wrote JSON that does not parse", e);
    }
  }

  /** Reads a job written by {@code aurora job inspect --write-json} (for {@code --read-json}). */
  public static ConfiguredJob readJson(Path file, AuroraJobKey expected) throws ConfigException {
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject() || !node.has("task")) {
      throw new ConfigException(file + " does not hold a job: expected a JSON object with a"
          + " \"task\" field, as `aurora job inspect --write-json` writes");
    }
    return ConfiguredJob.fromThermosJson(node, List.of(), file.toString());
  }

  private PyObject call(PyObject function, PyObject... args) throws ConfigException {
    try {
      return function.__call__(args);
    } catch (PyException e) {
      throw translate(e);
    } catch (StackOverflowError e) {
      throw new ConfigException("the configuration nests templates or includes too deeply"
          + " (a variable or include that refers to itself?)", e);
    }
  }

  private ConfigException translate(PyException e) {
    if (e.match(configError)) {
      return new ConfigException(e.value.__str__().toString(), e);
    }
    if (e instanceof PySyntaxError || e.match(Py.SyntaxError)) {
      PyObject v = e.value;
      String file = attribute(v, "filename");
      String line = attribute(v, "lineno");
      String msg = attribute(v, "msg");
      return new ConfigException(file + ":" + line + ": syntax error: " + msg, e);
    }
    String where = userFrame(e.traceback);
    String type = e.type.__findattr__("__name__") != null
        ? e.type.__findattr__("__name__").toString() : e.type.toString();
    String message = e.value == null ? "" : e.value.__str__().toString();
    return new ConfigException(where + type + ": " + message, e);
  }

  private static String attribute(PyObject o, String name) {
    PyObject a = o == null ? null : o.__findattr__(name);
    return a == null ? "?" : a.toString();
  }

  /** The innermost traceback frame in the user's files, as {@code file:line: }. */
  private static String userFrame(PyTraceback tb) {
    String found = "";
    for (PyTraceback t = tb; t != null; t = (PyTraceback) (t.tb_next instanceof PyTraceback ? t.tb_next : null)) {
      if (t.tb_frame != null && t.tb_frame.f_code != null) {
        PyBaseCode code = t.tb_frame.f_code;
        String file = code.co_filename;
        if (file != null && !file.startsWith("<aurora-schema/")) {
          found = file + ":" + t.tb_lineno + ": ";
        }
      }
    }
    return found;
  }

  private static PyDictionary toPython(Map<String, String> bindings) {
    PyDictionary d = new PyDictionary();
    for (Map.Entry<String, String> e : bindings.entrySet()) {
      d.__setitem__(new PyString(e.getKey()), new PyUnicode(e.getValue()));
    }
    return d;
  }

  /** The build's compiled form of a schema module, if present and made from this source. */
  private static PyCode precompiled(String module) {
    byte[] data = SchemaSources.bytes(SchemaSources.compiledResource(module));
    if (data == null || data.length < 66 || data[64] != '\n') {
      return null;
    }
    String hash = new String(data, 0, 64, StandardCharsets.US_ASCII);
    if (!hash.equals(SchemaSources.sha256(SchemaSources.source(module)))) {
      return null;
    }
    return BytecodeLoader.makeCode(module + "$py", Arrays.copyOfRange(data, 65, data.length),
        SchemaSources.fileName(module));
  }

  /** True when the schema came from the build's compiled form (the normal case). */
  public boolean precompiledSchema() {
    return precompiled;
  }
}
