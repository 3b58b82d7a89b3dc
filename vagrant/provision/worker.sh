#!/bin/sh
# A worker: a Mesos agent, the Thermos executor and the observer.
set -eu
. /srv/provision/mesos.sh
name="$(hostname)"

# Container images (docs/containers.md): the agent pulls with skopeo and unpacks with umoci (the lxc box has
# them; public VM boxes get them from the mirror). The rig's registry speaks plain HTTP, which skopeo uses
# only for a registry marked insecure in registries.conf.
if ! command -v skopeo >/dev/null 2>&1 || ! command -v umoci >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends skopeo umoci
fi
install -d /etc/containers/registries.conf.d
cat > /etc/containers/registries.conf.d/50-aurora-rig.conf <<CONF
[[registry]]
location = "$AURORA_REGISTRY"
insecure = true
CONF

if [ -n "$MESOS_PACKAGE" ]; then
  install_mesos_package
  # The Mesos containerizer with Docker images, as docs/containers.md tells operators (not tried here: Debian
  # 12 has no Mesos package).
  echo mesos > /etc/mesos-slave/containerizers
  echo docker > /etc/mesos-slave/image_providers
  echo filesystem/linux,docker/runtime > /etc/mesos-slave/isolation
  echo "$AURORA_ADDRESS" > /etc/mesos-slave/ip
  echo "$name" > /etc/mesos-slave/hostname
  echo /var/lib/mesos > /etc/mesos-slave/work_dir
  systemctl enable --now mesos-slave
else
  # The emulator's agent always has the Mesos containerizer with image provisioning (it takes no
  # --containerizers or --image_providers); it runs as root, so the executor does, as Mesos(image=...) needs.
  mesos_emulator_unit mesos-agent agent --master "$(mesos_zk)" --ip "$AURORA_ADDRESS" --hostname "$name" \
    --port 5051 --work_dir /var/lib/mesos --resources "cpus:2;mem:2048;disk:10000;ports:[31000-32000]" \
    --attributes "host:$name;rack:$name"
fi

export DEBIAN_FRONTEND=noninteractive
install_our_packages aurora-executor
systemctl enable thermos
systemctl restart thermos
