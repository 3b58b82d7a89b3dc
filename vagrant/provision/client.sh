#!/bin/sh
# The client machine: aurora and aurora-admin, pointed at the cluster.
set -eu
. /srv/provision/mesos.sh

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "$(our_package aurora-tools)"
zk_hosts=$(echo "$AURORA_COORDINATORS" | tr ' ' ',')
cat > /etc/aurora/clusters.json <<JSON
[
  {
    "name": "vagrant",
    "zk": "$zk_hosts",
    "zk_port": 2181,
    "scheduler_zk_path": "/aurora/scheduler",
    "auth_mechanism": "UNAUTHENTICATED",
    "slave_root": "/var/lib/mesos",
    "slave_run_directory": "latest"
  }
]
JSON
cat > /home/vagrant/hello_world.aurora <<'CONF'
hello = Process(
  name = 'hello',
  cmdline = 'while true; do echo hello from {{mesos.hostname}} instance {{mesos.instance}}; sleep 5; done')

jobs = [
  Service(
    cluster = 'vagrant',
    environment = 'devel',
    role = 'vagrant',
    name = 'hello',
    instances = 2,
    task = SequentialTask(processes = [hello], resources = Resources(cpu = 0.1, ram = 32*MB, disk = 32*MB)))
]
CONF
chown vagrant:vagrant /home/vagrant/hello_world.aurora
