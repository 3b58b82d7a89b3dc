package io.github.auroradist.packaging;

/** The few paths that differ between the Debian and the Red Hat families; everything else is shared. */
public enum Format {
  DEB("/etc/default", "/lib/systemd/system"),
  RPM("/etc/sysconfig", "/usr/lib/systemd/system");

  private final String defaultsDir;
  private final String systemdUnitDir;

  Format(String defaultsDir, String systemdUnitDir) {
    this.defaultsDir = defaultsDir;
    this.systemdUnitDir = systemdUnitDir;
  }

  /** Where a service's settings file goes: /etc/default/NAME or /etc/sysconfig/NAME. */
  public String defaultsFile(String name) {
    return defaultsDir + "/" + name;
  }

  public String systemdUnit(String name) {
    return systemdUnitDir + "/" + name;
  }
}
