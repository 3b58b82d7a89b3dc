#!/bin/sh
# A coordinator: a ZooKeeper ensemble member, a Mesos master, and a scheduler
# that is one peer of the 3-peer replicated log.
set -eu
. /srv/provision/mesos.sh
name="$(hostname)"

# ZooKeeper: Debian's zookeeperd as a 3-node ensemble.
myid=0
i=0
servers=""
for c in $AURORA_COORDINATORS; do
  i=$((i + 1))
  [ "$c" = "$name" ] && myid=$i
  servers="${servers}server.$i=$c:2888:3888
"
done
cat > /etc/zookeeper/conf/zoo.cfg <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=/var/lib/zookeeper
clientPort=2181
4lw.commands.whitelist=srvr,ruok,stat,mntr
$servers
CFG
echo "$myid" > /etc/zookeeper/conf/myid
systemctl enable zookeeper
systemctl restart zookeeper

# Mesos master.
if [ -n "$MESOS_PACKAGE" ]; then
  install_mesos_package
  echo 2 > /etc/mesos-master/quorum
  echo "$AURORA_ADDRESS" > /etc/mesos-master/ip
  echo "$name" > /etc/mesos-master/hostname
  systemctl enable --now mesos-master
else
  # A stopped agent is noticed after 20 s instead of Mesos's default 75 s (15secs x 5), so the acceptance step
  # that stops one does not wait a minute more; four missed pings still ride out a loaded host.
  mesos_emulator_unit mesos-master master --zk "$(mesos_zk)" --ip "$AURORA_ADDRESS" --hostname "$name" \
    --port 5050 --work_dir /var/lib/mesos-master --agent_ping_timeout 5secs --max_agent_ping_timeouts 4
fi

# The scheduler, as an operator would set it up from the package.
export DEBIAN_FRONTEND=noninteractive
install_our_packages aurora-scheduler
peers=$(for c in $AURORA_COORDINATORS; do printf '%s:8083,' "$c"; done | sed 's/,$//')
defaults=/etc/default/aurora-scheduler
set_default() { # VAR value (also a setting the file has commented out)
  sed -i "s|^#\{0,1\}$1=.*|$1=\"$2\"|" "$defaults"
}
set_default CLUSTER_NAME vagrant
set_default ZK_ENDPOINTS "$(zk_ensemble)"
set_default LOG_PEERS "$peers"
set_default QUORUM_SIZE 2
set_default JAVA_OPTS "-Xms128m -Xmx512m"
set_default SCHEDULER_HOSTNAME "$name"
# BASIC auth on writes and HTTPS on 8443 (docs/security.md), with the files
# acceptance.sh made: this coordinator's keystore names it.
if [ -f /srv/aurora-secure/security.ini ]; then
  install -m 0640 -o root -g aurora /srv/aurora-secure/security.ini /etc/aurora/security.ini
  install -m 0640 -o root -g aurora "/srv/aurora-secure/$name.p12" /etc/aurora/scheduler.p12
  install -m 0640 -o root -g aurora /srv/aurora-secure/keystore-password /etc/aurora/scheduler.p12.password
  set_default HTTP_AUTHENTICATION_MECHANISM BASIC
  set_default SHIRO_INI_PATH /etc/aurora/security.ini
  set_default HTTPS_PORT 8443
  set_default HTTPS_KEYSTORE_PATH /etc/aurora/scheduler.p12
  set_default HTTPS_KEYSTORE_PASSWORD_FILE /etc/aurora/scheduler.p12.password
fi
if [ ! -f /var/lib/aurora/scheduler/db/aurora-log.json ]; then
  sudo -u aurora aurora-scheduler-log initialize --path=/var/lib/aurora/scheduler/db \
    --cluster-id="$AURORA_CLUSTER_ID"
fi
systemctl enable aurora-scheduler
systemctl restart aurora-scheduler
