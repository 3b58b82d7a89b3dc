package io.github.auroradist.packaging;

import java.util.List;

/**
 * Everything one package is, in terms both the .deb and the .rpm build understand. The format
 * writers only translate this; they add nothing of their own.
 *
 * @param serviceUser the system user the package creates (null for none)
 * @param ownedDirectories directories created at install time and owned by the service user
 * @param ownedFiles files of {@code entries} handed to the service user at install time (their mode is the
 *     entry's), e.g. a configuration file with passwords that only the service may read
 * @param services the services the package installs, in start order
 * @param tmpfiles the tmpfiles.d file that creates runtime directories, applied at install (null for none)
 * @param classDataArchives the class-data-sharing archives recorded at install and upgrade, removed with the package
 */
public record PackageDefinition(
    String name,
    String summary,
    String description,
    List<Entry> entries,
    Dependencies dependencies,
    String serviceUser,
    List<String> ownedDirectories,
    List<String> ownedFiles,
    List<Service> services,
    String tmpfiles,
    List<ClassDataArchive> classDataArchives) {

  public PackageDefinition(String name, String summary, String description, List<Entry> entries,
      Dependencies dependencies, String serviceUser, List<String> ownedDirectories, List<String> ownedFiles,
      List<Service> services, String tmpfiles) {
    this(name, summary, description, entries, dependencies, serviceUser, ownedDirectories, ownedFiles, services,
        tmpfiles, List.of());
  }

  /** Dependencies in each format's own vocabulary; they name the same things. */
  public record Dependencies(String deb, List<Requirement> rpm) {}

  /** An RPM requirement: a capability, optionally at least some version. */
  public record Requirement(String name, String minimumVersion) {}

  /**
   * A service the package enables.
   *
   * @param startCondition a path that must exist before the service is started at install time
   *     (null: always start); the service is enabled either way
   * @param notStartedHint what the operator is told when the condition does not hold
   */
  public record Service(String name, String startCondition, String notStartedHint) {}

  /**
   * An application class-data-sharing archive of one command, recorded on the installed machine (it depends on the
   * exact jars and JDK there): the maintainer script runs {@code command trainingArgs} once with
   * {@code -XX:ArchiveClassesAtExit} given through {@code OPTIONS_VARIABLE_EXTRA}, and the command's launcher maps
   * the archive when it exists.
   */
  public record ClassDataArchive(String archive, String command, String optionsVariable, String trainingArgs) {}

  public PackageDefinition {
    entries = List.copyOf(entries);
    ownedDirectories = List.copyOf(ownedDirectories);
    ownedFiles = List.copyOf(ownedFiles);
    for (String file : ownedFiles) {
      if (entries.stream().noneMatch(e -> e.path().equals(file) && e.kind() == Entry.Kind.FILE)) {
        throw new IllegalArgumentException(file + " is owned by the service user but is not a file of the package");
      }
    }
    if (!ownedFiles.isEmpty() && serviceUser == null) {
      throw new IllegalArgumentException("files owned by the service user need a service user: " + ownedFiles);
    }
    services = List.copyOf(services);
    classDataArchives = List.copyOf(classDataArchives);
  }

  public List<Entry> conffiles() {
    return entries.stream().filter(Entry::conffile).toList();
  }
}
