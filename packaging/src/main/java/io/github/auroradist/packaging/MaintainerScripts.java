package io.github.auroradist.packaging;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes each format's maintainer scripts from one package definition and one shared function
 * library (packaging/scripts/functions.sh). Both formats do the same steps at the same moments:
 * install creates the user and directories and enables services (starting those whose condition
 * holds), upgrade restarts what was running, remove stops and disables, data is always kept.
 */
final class MaintainerScripts {
  private final String functions;

  MaintainerScripts(String functions) {
    this.functions = functions;
  }

  private String script(String body) {
    return "#!/bin/sh\nset -e\n\n" + functions + "\n# ---- steps for this package ----\n" + body;
  }

  /** Creating the user, its directories, its files' owner and runtime directories; safe to repeat. */
  private static String prepare(PackageDefinition p) {
    StringBuilder s = new StringBuilder();
    if (p.serviceUser() != null) {
      s.append("aurora_create_user ").append(p.serviceUser()).append(' ')
          .append(p.ownedDirectories().isEmpty() ? "/nonexistent" : p.ownedDirectories().get(0))
          .append(" '").append(p.summary().replace("'", "")).append("'\n");
      if (!p.ownedDirectories().isEmpty()) {
        s.append("aurora_own_dirs ").append(p.serviceUser()).append(" 0750 ")
            .append(String.join(" ", p.ownedDirectories())).append('\n');
      }
      if (!p.ownedFiles().isEmpty()) {
        s.append("aurora_own_files ").append(p.serviceUser()).append(' ')
            .append(String.join(" ", p.ownedFiles())).append('\n');
      }
    }
    if (p.tmpfiles() != null) {
      s.append("aurora_tmpfiles ").append(p.tmpfiles()).append('\n');
    }
    return s.toString();
  }

  /** After the files are in place (install and upgrade): the archives match the jars and JDK installed now. */
  private static String recordArchives(PackageDefinition p) {
    return p.classDataArchives().stream()
        .map(a -> "aurora_record_cds " + a.archive() + " " + a.optionsVariable() + " " + a.command() + " "
            + a.trainingArgs() + "\n")
        .collect(Collectors.joining());
  }

  private static String onInstall(PackageDefinition p) {
    return prepare(p) + recordArchives(p) + p.services().stream()
        .map(svc -> "aurora_enable_service " + svc.name() + " '" + nullToEmpty(svc.startCondition()) + "' '"
            + nullToEmpty(svc.notStartedHint()).replace("'", "") + "'\n")
        .collect(Collectors.joining());
  }

  private static String onUpgrade(PackageDefinition p) {
    return prepare(p) + recordArchives(p) + eachService(p.services(), "aurora_restart_service");
  }

  private static String onRemove(PackageDefinition p) {
    return eachService(p.services(), "aurora_stop_service") + p.classDataArchives().stream()
        .map(a -> "rm -f " + a.archive() + "\n").collect(Collectors.joining());
  }

  private static String eachService(List<PackageDefinition.Service> services, String function) {
    return services.stream().map(s -> function + " " + s.name() + "\n").collect(Collectors.joining());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String indent(String body) {
    return body.isEmpty() ? "    :\n" : body.lines().map(l -> "    " + l + "\n").collect(Collectors.joining());
  }

  // ---- Debian: postinst configure [old-version], prerm remove|upgrade, postrm remove|purge ----

  String debPostinst(PackageDefinition p) {
    return script("case \"$1\" in\n  configure)\n"
        + "    if [ -z \"${2:-}\" ]; then\n" + indent(indent(onInstall(p)))
        + "    else\n" + indent(indent(onUpgrade(p))) + "    fi\n    ;;\nesac\nexit 0\n");
  }

  String debPrerm(PackageDefinition p) {
    return script("case \"$1\" in\n  remove|deconfigure)\n" + indent(onRemove(p)) + "    ;;\nesac\nexit 0\n");
  }

  String debPostrm(PackageDefinition p) {
    // dpkg itself deletes the conffiles on purge; data under /var/lib stays (it may be a cluster's state).
    return script("case \"$1\" in\n  remove|purge)\n    aurora_reload_systemd\n    ;;\nesac\nexit 0\n");
  }

  // ---- RPM: $1 is the number of instances left after the step (1 install, 2 upgrade, 0 erase) ----

  String rpmPre(PackageDefinition p) {
    if (p.serviceUser() == null) {
      return null;
    }
    return script("aurora_create_user " + p.serviceUser() + " "
        + (p.ownedDirectories().isEmpty() ? "/nonexistent" : p.ownedDirectories().get(0)) + " '"
        + p.summary().replace("'", "") + "'\nexit 0\n");
  }

  String rpmPost(PackageDefinition p) {
    return script("if [ \"$1\" -eq 1 ]; then\n" + indent(onInstall(p)) + "else\n" + indent(onUpgrade(p))
        + "fi\nexit 0\n");
  }

  String rpmPreun(PackageDefinition p) {
    return script("if [ \"$1\" -eq 0 ]; then\n" + indent(onRemove(p)) + "fi\nexit 0\n");
  }

  String rpmPostun(PackageDefinition p) {
    return script("aurora_reload_systemd\nexit 0\n");
  }
}
