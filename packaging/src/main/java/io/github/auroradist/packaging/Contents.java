package io.github.auroradist.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The one definition of what the aurora-scheduler, aurora-executor and aurora-tools packages hold:
 * paths, modes, config files, users, services. The deb, rpm and tarball builds all read it.
 */
public final class Contents {
  public static final String SCHEDULER = "aurora-scheduler";
  public static final String EXECUTOR = "aurora-executor";
  public static final String TOOLS = "aurora-tools";
  /** The scheduler's users and roles, for HTTP Basic authentication (docs/security.md). */
  public static final String SECURITY_INI = "/etc/aurora/security.ini";
  /** The tools as a tarball (for Homebrew and machines without deb or rpm) are the "aurora-cli". */
  public static final String CLI_TARBALL = "aurora-cli";

  /**
   * A command a package installs: where, which Java main class it runs, and the environment
   * variable that holds its JVM options (with the options used when it is unset).
   *
   * @param cdsTraining the arguments of the run that records the command's class-data-sharing archive at install
   *     time (the classes it loads are those of a typical start); null: the command gets no archive
   */
  public record Command(String path, String mainClass, String optionsVariable, String defaultOptions,
      String cdsTraining) {
    public Command(String path, String mainClass) {
      this(path, mainClass, "JAVA_OPTS", "", null);
    }

    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  /** The configuration {@code aurora} reads to record its class-data-sharing archive at install time. */
  static final String CDS_TRAINING_CONFIG = "/usr/share/" + TOOLS + "/cds-training.aurora";

  /** Where the packages record their commands' class-data-sharing archives at install time. */
  static final String CDS_DIR = "/var/cache/aurora";

  /** The clients run for a moment: start fast rather than peak fast. */
  private static final String CLIENT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

  /**
   * One executor JVM runs per task on every worker: keep it small and quick to start. The metaspace threshold
   * spares the start a full collection (which also grew the heap by half), the free ratios keep the heap near its
   * live set (about 9 MB), and without perf data no /tmp/hsperfdata file is mapped (jcmd PID still works). A
   * young generation of 2 MB and compile thresholds ten times the defaults (only methods that stay hot are
   * compiled) each took 2-3 MB off the resident memory, the thresholds CPU time too (docs/benchmarks.md).
   */
  private static final String EXECUTOR_JVM = "-XX:+UseSerialGC -Xms8m -Xmx32m -Xmn2m -Xss256k -XX:MetaspaceSize=40m"
      + " -XX:MaxMetaspaceSize=64m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:ReservedCodeCacheSize=8m"
      + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:Tier3InvocationThreshold=2000"
      + " -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000"
      + " -XX:-UsePerfData -Xshare:auto";

  public static final List<Command> SCHEDULER_COMMANDS = List.of(
      new Command("/usr/sbin/aurora-scheduler", "io.github.auroradist.scheduler.SchedulerMain"),
      new Command("/usr/sbin/aurora-scheduler-log", "io.github.auroradist.scheduler.storage.SchedulerLogTool"));
  public static final List<Command> EXECUTOR_COMMANDS = List.of(
      new Command("/usr/bin/thermos_executor", "io.github.auroradist.executor.ThermosExecutorMain",
          "THERMOS_EXECUTOR_JAVA_OPTS", EXECUTOR_JVM, "--self-test"),
      new Command("/usr/sbin/thermos_observer", "io.github.auroradist.observer.ObserverMain"));
  public static final List<Command> TOOLS_COMMANDS = List.of(
      new Command("/usr/bin/aurora", "io.github.auroradist.client.cli.AuroraMain", "JAVA_OPTS", CLIENT_JVM,
          "job inspect cds/training/devel/hello " + CDS_TRAINING_CONFIG),
      new Command("/usr/bin/aurora-admin", "io.github.auroradist.client.cli.AuroraAdminMain", "JAVA_OPTS", CLIENT_JVM,
          null));

  private static final String JAVA_DEB = "default-jre-headless (>= 2:1.17) | java17-runtime-headless";
  private static final List<PackageDefinition.Requirement> JAVA_RPM =
      List.of(new PackageDefinition.Requirement("java-headless", "1:17"));
  private static final PackageDefinition.Dependencies JAVA =
      new PackageDefinition.Dependencies(JAVA_DEB, JAVA_RPM);

  private final Path repo;
  private final Map<String, List<Path>> jarsByPackage;

  /**
   * @param repo the source tree (for systemd/, upstart/, packaging/files, docs)
   * @param jarsByPackage the runtime jars each package ships
   */
  public Contents(Path repo, Map<String, List<Path>> jarsByPackage) {
    this.repo = repo;
    this.jarsByPackage = jarsByPackage;
  }

  public List<PackageDefinition> all(Format format) {
    return List.of(scheduler(format), executor(format), tools(format));
  }

  public static String libDir(String pkg) {
    return "/usr/share/" + pkg + "/lib";
  }

  public PackageDefinition scheduler(Format format) {
    List<Entry> e = new ArrayList<>();
    e.addAll(libraries(SCHEDULER));
    e.addAll(launchers(SCHEDULER, SCHEDULER_COMMANDS));
    e.add(Entry.file("/usr/bin/aurora-scheduler-startup",
        file("packaging/files/scheduler/aurora-scheduler-startup"), 0755));
    e.add(Entry.file(format.defaultsFile("aurora-scheduler"),
        file("packaging/files/scheduler/aurora-scheduler.defaults"), 0644).asConffile());
    // Holds passwords once filled in: readable by the scheduler's user only (it is chowned at install).
    e.add(Entry.file(SECURITY_INI, file("packaging/files/scheduler/security.ini"), 0640).asConffile());
    e.add(Entry.file(format.systemdUnit("aurora-scheduler.service"), file("systemd/aurora-scheduler.service"), 0644));
    e.add(Entry.file("/etc/init/aurora-scheduler.conf", file("upstart/aurora-scheduler.conf"), 0644).asConffile());
    e.add(Entry.file("/usr/lib/tmpfiles.d/aurora.conf", file("systemd/aurora.tmpfiles.conf"), 0644));
    e.addAll(docs(SCHEDULER, "docs/operations.md", "docs/security.md"));
    return new PackageDefinition(SCHEDULER,
        "Aurora scheduler, a Mesos framework for services, jobs and cron jobs",
        """
            The Aurora scheduler runs long-running services, ad-hoc jobs and cron jobs
            on an Apache Mesos cluster. Three or five schedulers form a highly
            available group. This package holds the scheduler, the replicated-log
            tool aurora-scheduler-log, a systemd unit and an upstart job.""",
        e, JAVA, "aurora",
        List.of("/var/lib/aurora", "/var/lib/aurora/scheduler", "/var/lib/aurora/scheduler/db",
            "/var/lib/aurora/scheduler/backups", "/var/log/aurora"),
        List.of(SECURITY_INI),
        List.of(new PackageDefinition.Service("aurora-scheduler", "/var/lib/aurora/scheduler/db/aurora-log.json",
            "initialize the replicated log first: sudo -u aurora aurora-scheduler-log initialize"
                + " --path=/var/lib/aurora/scheduler/db && systemctl start aurora-scheduler")),
        "/usr/lib/tmpfiles.d/aurora.conf");
  }

  public PackageDefinition executor(Format format) {
    List<Entry> e = new ArrayList<>();
    e.addAll(libraries(EXECUTOR));
    e.addAll(launchers(EXECUTOR, EXECUTOR_COMMANDS));
    e.add(Entry.file("/usr/bin/thermos-observer-startup",
        file("packaging/files/executor/thermos-observer-startup"), 0755));
    e.add(Entry.file(format.defaultsFile("thermos"),
        file("packaging/files/executor/thermos.defaults"), 0644).asConffile());
    e.add(Entry.file(format.systemdUnit("thermos.service"), file("systemd/thermos.service"), 0644));
    e.add(Entry.file("/etc/init/thermos.conf", file("upstart/thermos.conf"), 0644).asConffile());
    e.add(Entry.file("/usr/lib/tmpfiles.d/thermos.conf", file("systemd/thermos.tmpfiles.conf"), 0644));
    e.add(Entry.directory("/var/lib/thermos"));
    e.addAll(docs(EXECUTOR, "docs/executor.md"));
    return new PackageDefinition(EXECUTOR,
        "Thermos executor and observer for Aurora tasks",
        """
            The Thermos executor runs the processes of Aurora tasks on Mesos agents;
            the Thermos observer serves a web UI of the tasks, processes, logs and
            sandboxes of this worker.""",
        e, JAVA, null, List.of(), List.of(),
        List.of(new PackageDefinition.Service("thermos", null, null)),
        "/usr/lib/tmpfiles.d/thermos.conf", classDataArchives(EXECUTOR_COMMANDS));
  }

  public PackageDefinition tools(Format format) {
    List<Entry> e = new ArrayList<>();
    e.addAll(libraries(TOOLS));
    e.addAll(launchers(TOOLS, TOOLS_COMMANDS));
    e.add(Entry.symlink("/usr/bin/aurora_admin", "aurora-admin"));
    e.add(Entry.file("/etc/aurora/clusters.json", file("packaging/files/tools/clusters.json"), 0644).asConffile());
    e.add(Entry.file(CDS_TRAINING_CONFIG, file("packaging/files/tools/cds-training.aurora"), 0644));
    e.addAll(docs(TOOLS, "docs/client.md"));
    return new PackageDefinition(TOOLS,
        "Aurora command line clients: aurora and aurora-admin",
        """
            aurora creates, updates and inspects jobs on Aurora clusters described
            in clusters.json; aurora-admin holds the operators' commands (quotas,
            maintenance, backups).""",
        e, JAVA, null, List.of(), List.of(), List.of(), null, classDataArchives(TOOLS_COMMANDS));
  }

  private static List<PackageDefinition.ClassDataArchive> classDataArchives(List<Command> commands) {
    return commands.stream().filter(c -> c.cdsTraining() != null)
        .map(c -> new PackageDefinition.ClassDataArchive(cdsArchive(c, false), c.path(), c.optionsVariable(),
            c.cdsTraining()))
        .toList();
  }

  /** The launcher script text of one command, for packages (absolute lib dir) or tarballs (relative). */
  public String launcher(Command command, String libDir) {
    return read("packaging/files/launcher.sh")
        .replace("@COMMAND@", command.name())
        .replace("@MAIN_CLASS@", command.mainClass())
        .replace("@OPTIONS_VARIABLE@", command.optionsVariable())
        .replace("@DEFAULT_OPTIONS@", command.defaultOptions())
        .replace("@LIB_DIR@", libDir == null ? "" : libDir)
        .replace("@CDS_ARCHIVE@", cdsArchive(command, libDir == null));
  }

  /** Where a command's class-data-sharing archive is kept ("" when it has none); tarballs keep it in their tree. */
  static String cdsArchive(Command command, boolean tarball) {
    if (command.cdsTraining() == null) {
      return "";
    }
    return (tarball ? "$lib_dir/../cds/" : CDS_DIR + "/") + command.name() + ".jsa";
  }

  private List<Entry> launchers(String pkg, List<Command> commands) {
    commands.forEach(c -> requireMainClass(pkg, c));
    return commands.stream()
        .map(c -> Entry.generated(c.path(), launcher(c, libDir(pkg)), 0755))
        .toList();
  }

  /** A launcher whose class is in no jar would install fine and fail at first use: refuse to build it. */
  private void requireMainClass(String pkg, Command command) {
    String entry = command.mainClass().replace('.', '/') + ".class";
    for (Path jar : jarsByPackage.getOrDefault(pkg, List.of())) {
      try (JarFile file = new JarFile(jar.toFile())) {
        if (file.getEntry(entry) != null) {
          return;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    throw new IllegalStateException("the main class " + command.mainClass() + " of " + command.path()
        + " is in none of the " + pkg + " jars; fix the command table in Contents.java");
  }

  private List<Entry> libraries(String pkg) {
    List<Path> jars = jarsByPackage.get(pkg);
    if (jars == null || jars.isEmpty()) {
      throw new IllegalStateException("no jars were given for " + pkg);
    }
    // One jar per file name: the executor package merges two modules' classpaths.
    Map<String, Path> byName = new TreeMap<>();
    jars.forEach(j -> byName.putIfAbsent(j.getFileName().toString(), j));
    List<Entry> entries = new ArrayList<>();
    entries.add(Entry.directory("/usr/share/" + pkg));
    entries.add(Entry.directory(libDir(pkg)));
    byName.forEach((name, jar) -> entries.add(Entry.file(libDir(pkg) + "/" + name, jar, 0644)));
    return entries;
  }

  private List<Entry> docs(String pkg, String... guides) {
    List<Entry> entries = new ArrayList<>();
    entries.add(Entry.directory("/usr/share/doc/" + pkg));
    entries.add(Entry.file("/usr/share/doc/" + pkg + "/README", file("README.md"), 0644));
    entries.add(Entry.file("/usr/share/doc/" + pkg + "/copyright", file("packaging/files/copyright"), 0644));
    for (String guide : guides) {
      Path path = repo.resolve(guide);
      if (Files.isRegularFile(path)) {
        entries.add(Entry.file("/usr/share/doc/" + pkg + "/" + path.getFileName(), path, 0644));
      }
    }
    return entries;
  }

  private Path file(String relative) {
    Path path = repo.resolve(relative);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("package content " + relative + " is missing from " + repo);
    }
    return path;
  }

  private String read(String relative) {
    try {
      return Files.readString(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jars of a module built by Maven: its own jar and its runtime dependencies in target/lib. */
  public static List<Path> moduleJars(Path moduleDir, String artifactId, String version) {
    Path target = moduleDir.resolve("target");
    Path own = target.resolve(artifactId + "-" + version + ".jar");
    if (!Files.isRegularFile(own)) {
      throw new IllegalStateException(own + " is missing: build the module first (./mvnw -B package)");
    }
    List<Path> jars = new ArrayList<>(List.of(own));
    Path lib = target.resolve("lib");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> files = Files.list(lib)) {
        files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jars;
  }
}
