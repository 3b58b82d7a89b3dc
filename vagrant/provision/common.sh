#!/bin/sh
# Every machine: names for every other machine, what the packages need, and our
# signed apt repository (served over HTTP by the host, key from the synced build).
set -eu

# /etc/hosts: the rig's machines, replacing earlier lines for the same names.
for name in $(printf '%s\n' "$AURORA_HOSTS" | awk '{print $2}'); do
  sed -i "/[[:space:]]$name\$/d" /etc/hosts
done
sed -i "/127.0.1.1/d" /etc/hosts
grep -qE '^127\.0\.0\.1[[:space:]].*localhost' /etc/hosts || echo '127.0.0.1 localhost' >> /etc/hosts
printf '%s\n' "$AURORA_HOSTS" >> /etc/hosts

# The lxc box has these already; public VM boxes get them from the mirror.
missing=""
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
command -v curl >/dev/null 2>&1 || missing="$missing curl"
[ -d /usr/share/zookeeper ] || missing="$missing zookeeperd"
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2086
  apt-get install -y -q $missing
  systemctl disable --now zookeeper 2>/dev/null || true
fi

# Our repository, added as docs/install.md tells operators to; apt checks its
# signature against the build's key.
install -d /etc/apt/keyrings
cp /srv/aurora-repo/apt/aurora-archive-keyring.gpg /etc/apt/keyrings/aurora.gpg
cat > /etc/apt/sources.list.d/aurora.sources <<SOURCES
Types: deb
URIs: $AURORA_REPO_URL
Suites: stable
Components: main
Signed-By: /etc/apt/keyrings/aurora.gpg
SOURCES
curl -fsS -o /dev/null "$AURORA_REPO_URL/dists/stable/InRelease" || {
  echo "the Aurora apt repository does not answer at $AURORA_REPO_URL: vagrant/acceptance.sh serves" \
    "packaging/target/repo there; by hand: python3 -m http.server 8790 --directory packaging/target/repo" >&2
  exit 1
}
