# Sourced by the role scripts: runs Mesos, from MESOS_PACKAGE where one is
# given and installable, else from the Mesos emulator's jar (synced in
# /srv/mesos-emulator). Never part of our packages.

zk_ensemble() {
  for c in $AURORA_COORDINATORS; do printf '%s:2181,' "$c"; done | sed 's/,$//'
}

mesos_zk() {
  echo "zk://$(zk_ensemble)/mesos"
}

# mesos_unit NAME ARGS...: a systemd unit running the emulator with ARGS.
mesos_emulator_unit() {
  unit="$1"
  shift
  jar="$(ls /srv/mesos-emulator/mesos-emulator-*-all.jar | tail -1)"
  install -d /opt/mesos-emulator
  cp "$jar" /opt/mesos-emulator/mesos-emulator.jar
  cat > "/etc/systemd/system/$unit.service" <<UNIT
[Unit]
Description=Mesos emulator ($unit) - the test rig's stand-in for Apache Mesos
After=network-online.target

[Service]
ExecStart=/usr/bin/java -XX:+ExitOnOutOfMemoryError -Xmx256m -jar /opt/mesos-emulator/mesos-emulator.jar $*
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable "$unit"
  systemctl restart "$unit"
}

install_mesos_package() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q && apt-get install -y -q "$MESOS_PACKAGE"
  install -d /etc/mesos
  mesos_zk > /etc/mesos/zk
}

# Installs our packages from the Aurora repository (common.sh added it); only
# that source is refreshed, so the machines need no Debian mirror.
install_our_packages() {
  apt-get update -q -o Dir::Etc::sourcelist=sources.list.d/aurora.sources \
    -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
  apt-get install -y -q "$@"
}
