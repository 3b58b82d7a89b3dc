# Shell functions shared by the .deb and .rpm maintainer scripts. Each format's
# script is this file followed by a few lines that call these functions for
# that format's install, upgrade and remove steps.

aurora_has_systemd() {
  [ -d /run/systemd/system ]
}

# Creates a system user and group; does nothing when they exist.
aurora_create_user() { # user home comment
  if ! getent group "$1" >/dev/null 2>&1; then
    groupadd --system "$1"
  fi
  if ! getent passwd "$1" >/dev/null 2>&1; then
    nologin=/usr/sbin/nologin
    [ -x "$nologin" ] || nologin=/sbin/nologin
    useradd --system --gid "$1" --home-dir "$2" --no-create-home --shell "$nologin" --comment "$3" "$1"
  fi
}

# Makes directories owned by a user; leaves existing contents alone.
aurora_own_dirs() { # user mode dir...
  owner="$1"
  mode="$2"
  shift 2
  for dir in "$@"; do
    mkdir -p "$dir"
    chown "$owner:$owner" "$dir"
    chmod "$mode" "$dir"
  done
}

aurora_own_files() { # user file...; the package gave their mode
  owner="$1"
  shift
  for file in "$@"; do
    if [ -e "$file" ]; then
      chown "$owner:$owner" "$file"
    fi
  done
}

aurora_tmpfiles() { # config-file
  if command -v systemd-tmpfiles >/dev/null 2>&1; then
    systemd-tmpfiles --create "$1" || true
  fi
}

# Enables a service and starts it when its condition holds (an empty condition
# always holds). A service that would refuse to run is enabled but not started,
# and the operator is told what to do.
aurora_enable_service() { # service condition-file hint
  if aurora_has_systemd; then
    systemctl daemon-reload || true
    systemctl enable "$1.service" >/dev/null 2>&1 || true
    if [ -z "$2" ] || [ -e "$2" ]; then
      systemctl start "$1.service" || echo "$1 did not start; see: journalctl -u $1" >&2
    else
      echo "$1 is enabled but not started: $3" >&2
    fi
  fi
}

# After an upgrade: restart a service only if it was running.
aurora_restart_service() { # service
  if aurora_has_systemd; then
    systemctl daemon-reload || true
    systemctl try-restart "$1.service" || true
  fi
}

aurora_stop_service() { # service
  if aurora_has_systemd; then
    systemctl stop "$1.service" >/dev/null 2>&1 || true
    systemctl disable "$1.service" >/dev/null 2>&1 || true
    # A unit that had failed (say, on an uninitialized log) should not linger as failed.
    systemctl reset-failed "$1.service" >/dev/null 2>&1 || true
  fi
}

aurora_reload_systemd() {
  if aurora_has_systemd; then
    systemctl daemon-reload || true
  fi
}

# Records a command's application class-data-sharing archive: the classes one
# run of the command loads, which its launcher maps at every start (faster, and
# the pages are shared by all its JVMs). It depends on the installed jars and
# JDK, so it is made here, on the machine; after a JDK upgrade the JVM ignores
# it until the package is installed again. A failure only costs start-up time.
aurora_record_cds() { # archive options-variable command args...
  archive="$1"
  extra="$2_EXTRA"
  shift 2
  mkdir -p "$(dirname "$archive")"
  rm -f "$archive"
  tmp="$archive.new"
  rm -f "$tmp"
  if env "$extra=-XX:ArchiveClassesAtExit=$tmp" "$@" >/dev/null 2>&1 && [ -s "$tmp" ]; then
    chmod 0644 "$tmp"
    mv -f "$tmp" "$archive"
  else
    rm -f "$tmp"
    echo "note: no class-data-sharing archive for $1 (it starts a little slower); reinstall the package to retry" >&2
  fi
}
