#!/usr/bin/env bash
# Builds the Vagrant box for the lxc provider from Debian's packages and adds it
# to Vagrant as aurora/bookworm-lxc. Needs root and debootstrap.
#
#   vagrant/box/build-lxc-box.sh [--force]
#
# The box starts from a copy of the package tests' root file system
# (packaging/rig/debian-rootfs.sh, built once with debootstrap and cached) and
# holds what every machine of the rig needs before provisioning: sshd, sudo, the
# vagrant user with Vagrant's insecure key, systemd-networkd (Vagrant restarts
# networking through it when it sets hostnames), a Java 17 runtime, curl, and
# zookeeperd (disabled; coordinators enable it), and skopeo and umoci (the
# workers' agents pull and unpack container images with them; installed here
# from the mirror rather than listed in the shared root file system, which the
# package tests use too). Provisioning then needs no package mirror: our .deb
# files install against what is here.
#
# The box is rebuilt when this script, lxc-config or debian-rootfs.sh (with the
# root file system's package list) changed since it was added (a hash of the three
# in box.stamp beside the box's work dir).
set -euo pipefail

name=aurora/bookworm-lxc
here="$(cd "$(dirname "$0")" && pwd)"
work="${AURORA_BOX_WORK:-/var/cache/aurora-rig/box}"

# Packages the box adds to the root file system, from the same mirror.
extra_packages="skopeo umoci"
# What the box is made of: a box added from other inputs is stale.
stamp_file="$(dirname "$work")/box.stamp"
stamp="$(cat "$here/build-lxc-box.sh" "$here/lxc-config" "$here/../../packaging/rig/debian-rootfs.sh" | sha256sum | cut -d' ' -f1)"

if [ "${1:-}" != "--force" ] && vagrant box list 2>/dev/null | grep -q "^$name " \
  && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
  echo "box $name is already added and up to date (use --force to rebuild)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "build-lxc-box.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "build-lxc-box.sh: install debootstrap" >&2; exit 1; }

key="$(ls /usr/share/rubygems-integration/all/gems/vagrant-*/keys/vagrant.pub /opt/vagrant/embedded/gems/*/gems/vagrant-*/keys/vagrant.pub 2>/dev/null | head -1 || true)"
[ -n "$key" ] || { echo "build-lxc-box.sh: Vagrant's insecure public key was not found; install vagrant" >&2; exit 1; }

base="$("$here/../../packaging/rig/debian-rootfs.sh")"

rm -rf "$work"
mkdir -p "$work/box"
rootfs="$work/box/rootfs"
echo "copying $base into $rootfs" >&2
cp -a "$base" "$rootfs"
rm -f "$rootfs/.aurora-rig-complete"

in_root() { chroot "$rootfs" /bin/sh -c "$1"; }
# The extra packages from the mirror debootstrap used (the tree's sources.list names it).
cp -L /etc/resolv.conf "$rootfs/etc/resolv.conf"
in_root "export DEBIAN_FRONTEND=noninteractive && apt-get update -q && apt-get install -y -q --no-install-recommends $extra_packages" >&2
in_root "useradd --create-home --shell /bin/bash vagrant && echo 'vagrant:vagrant' | chpasswd"
install -d -m 0700 "$rootfs/home/vagrant/.ssh"
install -m 0600 "$key" "$rootfs/home/vagrant/.ssh/authorized_keys"
in_root "chown -R vagrant:vagrant /home/vagrant/.ssh"
echo 'vagrant ALL=(ALL) NOPASSWD:ALL' > "$rootfs/etc/sudoers.d/vagrant"
chmod 0440 "$rootfs/etc/sudoers.d/vagrant"
# LXC gives eth0 its static address before boot; networkd keeps it and is what
# Vagrant uses to apply hostnames.
cat > "$rootfs/etc/systemd/network/10-eth0.network" <<'NET'
[Match]
Name=eth0

[Network]
KeepConfiguration=static
LinkLocalAddressing=no
IPv6AcceptRA=no
NET
in_root "systemctl enable systemd-networkd ssh && systemctl disable zookeeper"
echo 'APT::Install-Recommends "false";' > "$rootfs/etc/apt/apt.conf.d/99norecommends"
rm -f "$rootfs/etc/hostname" "$rootfs"/etc/ssh/ssh_host_*
# Host keys are made at first boot, so machines do not share them.
cat > "$rootfs/etc/systemd/system/ssh-host-keys.service" <<'UNIT'
[Unit]
Description=Generate SSH host keys
Before=ssh.service
ConditionPathExists=!/etc/ssh/ssh_host_ed25519_key

[Service]
Type=oneshot
ExecStart=/usr/bin/ssh-keygen -A

[Install]
WantedBy=multi-user.target
UNIT
in_root "systemctl enable ssh-host-keys"
in_root "apt-get clean"

cp "$here/lxc-config" "$work/box/lxc-config"
echo '{"provider":"lxc","version":"1.0.0"}' > "$work/box/metadata.json"
echo "packing the box" >&2
# vagrant-lxc's template strips two path components: ./rootfs/...
tar -C "$work/box" --numeric-owner -czf "$work/box/rootfs.tar.gz" ./rootfs
rm -rf "$rootfs"
tar -C "$work/box" -cf "$work/aurora-bookworm-lxc.box" rootfs.tar.gz lxc-config metadata.json
vagrant box add --force --name "$name" "$work/aurora-bookworm-lxc.box" >&2
echo "$stamp" > "$stamp_file"
echo "added box $name"
