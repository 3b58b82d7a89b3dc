#!/usr/bin/env bash
# Builds (once) a Debian bookworm root file system with systemd and a Java 17
# runtime, for installing our packages in containers. Prints its path.
# The Vagrant box (vagrant/box/build-lxc-box.sh) starts from a copy of it, so a
# fresh machine runs debootstrap once for both rigs: the list holds what either
# needs (sshd stays disabled here; the box enables it).
#
#   packaging/rig/debian-rootfs.sh [CACHE_DIR]
#
# The tree is cached (default /var/cache/aurora-rig); delete it to rebuild.
# The mirror is the one this machine's apt uses, so no other host is contacted.
set -euo pipefail

cache="${1:-${AURORA_RIG_CACHE:-/var/cache/aurora-rig}}"
suite=bookworm
packages=systemd,systemd-sysv,dbus,iproute2,procps,sudo,curl,ca-certificates,openjdk-17-jre-headless,default-jre-headless,rpm,zookeeperd,openssh-server,iputils-ping,netcat-openbsd
rootfs="$cache/rootfs-$suite"
stamp="$rootfs/.aurora-rig-complete"

# The package tests run in two JVMs at once: one builds the tree, the other waits for it.
if mkdir -p "$cache" 2>/dev/null && { exec 9>>"$cache/.lock"; } 2>/dev/null; then
  flock 9
fi

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$packages" ]; then
  echo "$rootfs"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "debian-rootfs.sh: building the root file system needs root (debootstrap)" >&2
  exit 1
fi
command -v debootstrap >/dev/null || { echo "debian-rootfs.sh: install debootstrap first" >&2; exit 1; }

mirror="$("$(dirname "$0")/debian-mirror.sh")"

rm -rf "$rootfs"
mkdir -p "$cache"
echo "Building $rootfs from $mirror (a few minutes, once)" >&2
debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >&2
chroot "$rootfs" /bin/sh -c "systemctl disable ssh" >&2
rm -f "$rootfs"/etc/ssh/ssh_host_*
# The container gets its hostname and network from nspawn; keep apt quiet about recommends.
echo 'APT::Install-Recommends "false";' > "$rootfs/etc/apt/apt.conf.d/99norecommends"
rm -f "$rootfs/etc/hostname"
echo "$packages" > "$stamp"
echo "$rootfs"
