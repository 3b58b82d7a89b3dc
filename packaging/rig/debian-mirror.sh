#!/bin/sh
# Prints the Debian mirror this machine's apt uses, so that the test rigs'
# debootstrap runs contact no other host. Used by debian-rootfs.sh and
# vagrant/box/build-lxc-box.sh.
mirror="$(
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}';
    grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}'; } | grep -m1 -E '/debian/?$' || true
)"
echo "${mirror:-http://deb.debian.org/debian}"
