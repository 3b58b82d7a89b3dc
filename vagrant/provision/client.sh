#!/bin/sh
# The client machine: aurora and aurora-admin, pointed at the cluster.
set -eu
. /srv/provision/mesos.sh

export DEBIAN_FRONTEND=noninteractive
install_our_packages aurora-tools
zk_hosts=$(echo "$AURORA_COORDINATORS" | tr ' ' ',')
# With the files acceptance.sh made, the schedulers want BASIC credentials over
# HTTPS: the client trusts the cluster's CA and the vagrant user has a .netrc.
auth=UNAUTHENTICATED
ca_line=""
if [ -f /srv/aurora-secure/netrc ]; then
  auth=BASIC
  ca_line='"ca_file": "/etc/aurora/ca.pem",'
  install -m 0644 /srv/aurora-secure/ca.pem /etc/aurora/ca.pem
  install -m 0600 -o vagrant -g vagrant /srv/aurora-secure/netrc /home/vagrant/.netrc
fi
cat > /etc/aurora/clusters.json <<JSON
[
  {
    "name": "vagrant",
    "zk": "$zk_hosts",
    "zk_port": 2181,
    "scheduler_zk_path": "/aurora/scheduler",
    "auth_mechanism": "$auth", $ca_line
    "docker_registry": "http://$AURORA_REGISTRY",
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
# The same job with a version to update to and a shell health check: acceptance.sh updates to a healthy
# version (--bind health=true, rolls forward), then to one whose check fails (--bind health=false, rolls back).
cat > /home/vagrant/hello_update.aurora <<'CONF'
include('hello_world.aurora')

# hello_world.aurora's job printing a version, with a shell health check and the update settings.
versioned = hello(cmdline =
  'while true; do echo hello {{version}} from {{mesos.hostname}} instance {{mesos.instance}}; sleep 5; done')

jobs = [
  jobs[0](
    task = jobs[0].task()(processes = [versioned]),
    health_check_config = HealthCheckConfig(
      health_checker = HealthCheckerConfig(shell = ShellHealthChecker(shell_command = '{{health}}')),
      initial_interval_secs = 5, interval_secs = 2, max_consecutive_failures = 1),
    update_config = UpdateConfig(batch_size = 1, watch_secs = 10, max_per_shard_failures = 0,
                                 max_total_failures = 0, rollback_on_failure = True))
]
CONF
# The same job with a count SLA: acceptance.sh drains the host running both instances with sla_host_drain.
cat > /home/vagrant/hello_sla.aurora <<'CONF'
include('hello_world.aurora')

# One instance must stay up, counted once it has run 20 seconds.
jobs = [jobs[0](name = 'hello_sla', sla_policy = CountSlaPolicy(count = 1, duration_secs = 20))]
CONF
# A job from an image (docs/containers.md): acceptance.sh pushes a busybox image as acceptance/busybox:v1 to the
# rig's registry; the client pins the tag to its digest through clusters.json's docker_registry.
cat > /home/vagrant/hello_image.aurora <<'CONF'
hello = Process(name = 'hello', cmdline = 'cat /etc/os-release; sleep 600')

jobs = [
  Service(
    cluster = 'vagrant',
    environment = 'devel',
    role = 'vagrant',
    name = 'hello_image',
    task = Task(processes = [hello], resources = Resources(cpu = 0.1, ram = 32*MB, disk = 32*MB)),
    container = Mesos(image = DockerImage(name = '{{docker.image[acceptance/busybox][v1]}}', tag = 'v1')))
]
CONF
chown vagrant:vagrant /home/vagrant/hello_world.aurora /home/vagrant/hello_update.aurora /home/vagrant/hello_sla.aurora \
  /home/vagrant/hello_image.aurora
