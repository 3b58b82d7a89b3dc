#!/bin/sh
# A worker: a Mesos agent, the Thermos executor and the observer.
set -eu
. /srv/provision/mesos.sh
name="$(hostname)"

if [ -n "$MESOS_PACKAGE" ]; then
  install_mesos_package
  echo "$AURORA_ADDRESS" > /etc/mesos-slave/ip
  echo "$name" > /etc/mesos-slave/hostname
  echo /var/lib/mesos > /etc/mesos-slave/work_dir
  systemctl enable --now mesos-slave
else
  mesos_emulator_unit mesos-agent agent --master "$(mesos_zk)" --ip "$AURORA_ADDRESS" --hostname "$name" \
    --port 5051 --work_dir /var/lib/mesos --resources "cpus:2;mem:2048;disk:10000;ports:[31000-32000]" \
    --attributes "host:$name;rack:$name"
fi

export DEBIAN_FRONTEND=noninteractive
install_our_packages aurora-executor
systemctl enable thermos
systemctl restart thermos
