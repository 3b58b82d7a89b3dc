#!/usr/bin/env bash
# The release acceptance suite: brings up the three-coordinator cluster from our
# packages and proves it works end to end. Exits non-zero if any step fails and
# prints a table of every step with its time.
#
#   vagrant/acceptance.sh [--keep] [--provider lxc|libvirt|virtualbox]
#
# Build the packages first (./mvnw -B install -DskipTests): the machines install
# them from the build's signed apt repository (packaging/target/repo), which this
# script serves over HTTP on the machines' network while it runs. With --keep the
# machines stay up afterwards (vagrant destroy -f to remove them; the repository
# is no longer served then).
set -uo pipefail
cd "$(dirname "$0")"

keep=0
provider="${VAGRANT_DEFAULT_PROVIDER:-lxc}"
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --provider) provider="$2"; shift ;;
    --provider=*) provider="${1#*=}" ;;
    *) echo "acceptance.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
export VAGRANT_DEFAULT_PROVIDER="$provider"

# The host on the machines' network (the Vagrantfile's SUBNET.1), where the apt repository and the image
# registry are served.
host_address=192.168.56.1
[ "$provider" = lxc ] && host_address=10.0.3.1
REGISTRY="${AURORA_REGISTRY:-$host_address:8791}"
export AURORA_REGISTRY="$REGISTRY"
repo_server=""
registry_server=""
trap 'kill $repo_server $registry_server 2>/dev/null' EXIT

COORDINATORS=(coordinator1 coordinator2 coordinator3)
WORKERS=(worker1 worker2)
JOB=vagrant/vagrant/devel/hello
results=()
failed=0

# `vagrant ssh` starts Ruby and reads the Vagrantfile at each call, several seconds on a loaded host, and the
# suite makes well over a hundred calls: once the machines are up, their ssh settings are read once
# (vagrant ssh-config) and plain ssh runs the commands, the way vagrant ssh -c does (bash -l -c, no tty).
SSH_CONFIG=.vagrant/acceptance-ssh-config
rm -f "$SSH_CONFIG"

on() { # machine command...
  local machine="$1"
  shift
  if [ -s "$SSH_CONFIG" ]; then
    # The command's stderr goes to the suite's output (ssh itself is quiet), so a failing step shows why.
    ssh -F "$SSH_CONFIG" -T -q -o LogLevel=ERROR "$machine" "bash -l -c $(printf '%q' "$*")"
  else
    vagrant ssh "$machine" -c "$*" -- -q -o LogLevel=ERROR 2>/dev/null
  fi
}

step() { # title function
  local title="$1" start end status
  shift
  echo "=== $title"
  start=$(date +%s.%N)
  if "$@"; then status=PASS; else status=FAIL; failed=1; fi
  end=$(date +%s.%N)
  results+=("$(printf '%-4s %7.1fs  %s' "$status" "$(awk "BEGIN {print $end - $start}")" "$title")")
  echo "--- $status: $title"
}

retry() { # seconds command...
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 2
  done
}

leader() { # prints the coordinator whose /leaderhealth is 200, if exactly one
  local found=()
  for c in "${COORDINATORS[@]}"; do
    code=$(on client "curl -s -o /dev/null -w '%{http_code}' http://$c:8081/leaderhealth")
    [ "$code" = 200 ] && found+=("$c")
  done
  [ "${#found[@]}" -eq 1 ] && echo "${found[0]}"
}

# The cluster runs with BASIC auth and HTTPS, as docs/security.md sets them up: a
# throwaway CA, each coordinator's PKCS12 keystore, a security.ini and the
# client's .netrc, made once in .vagrant/secure (the machines see it as
# /srv/aurora-secure).
make_secure_files() {
  local dir=.vagrant/secure c password admin
  [ -f "$dir/security.ini" ] && return 0
  mkdir -p "$dir" && chmod 700 "$dir" || return 1
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$dir/ca.key" -out "$dir/ca.pem" -days 3650 \
    -subj "/CN=Aurora acceptance CA" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null || return 1
  password=$(openssl rand -hex 16)
  printf '%s\n' "$password" > "$dir/keystore-password"
  for c in "${COORDINATORS[@]}"; do
    openssl req -new "${ec[@]}" -keyout "$dir/$c.key" -out "$dir/$c.csr" -subj "/CN=$c" 2>/dev/null || return 1
    printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$c" > "$dir/$c.ext"
    openssl x509 -req -in "$dir/$c.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
      -out "$dir/$c.pem" -days 3650 -extfile "$dir/$c.ext" 2>/dev/null || return 1
    openssl pkcs12 -export -in "$dir/$c.pem" -inkey "$dir/$c.key" -certfile "$dir/ca.pem" -name scheduler \
      -out "$dir/$c.p12" -passout "pass:$password" || return 1
  done
  admin=$(openssl rand -hex 12)
  printf '[users]\nadmin = %s, admin\n\n[roles]\nadmin = *\n' "$admin" > "$dir/security.ini"
  printf 'default login admin password %s\n' "$admin" > "$dir/netrc"
}

# The build's repositories over HTTP for the machines (AURORA_REPO_URL in the
# Vagrantfile), on the host's address on their network.
serve_repository() {
  local bind=0.0.0.0
  [ "$provider" = lxc ] && bind=10.0.3.1
  python3 -m http.server "${AURORA_REPO_PORT:-8790}" --bind "$bind" --directory ../packaging/target/repo \
    >/dev/null 2>&1 &
  repo_server=$!
  retry 20 curl -fsS -o /dev/null "http://$bind:${AURORA_REPO_PORT:-8790}/apt/dists/stable/InRelease"
}

up() {
  if [ "$provider" = lxc ]; then
    as_root=""
    [ "$(id -u)" -eq 0 ] || as_root=sudo
    $as_root box/build-lxc-box.sh || return 1
    $as_root /usr/libexec/lxc/lxc-net start >/dev/null 2>&1 || true
  fi
  [ -f ../packaging/target/repo/apt/dists/stable/InRelease ] \
    || { echo "build the packages and their repository first: ./mvnw -B install -DskipTests"; return 1; }
  serve_repository || { echo "could not serve packaging/target/repo over HTTP (is python3 installed?)"; return 1; }
  make_secure_files || { echo "could not make the cluster's certificates and security.ini (is openssl installed?)"; return 1; }
  vagrant up --provider "$provider" || return 1
  vagrant ssh-config > "$SSH_CONFIG.new" && mv "$SSH_CONFIG.new" "$SSH_CONFIG" \
    || { rm -f "$SSH_CONFIG.new"; echo "vagrant ssh-config failed: the steps use vagrant ssh (slower)"; }
}

zookeeper_ensemble() {
  local modes
  modes=$(for c in "${COORDINATORS[@]}"; do on "$c" "echo srvr | nc -q 2 127.0.0.1 2181 | sed -n 's/^Mode: //p'"; done)
  echo "$modes"
  [ "$(echo "$modes" | grep -c leader)" -eq 1 ] && [ "$(echo "$modes" | grep -c follower)" -eq 2 ]
}

one_leader() {
  local l
  l=$(retry 120 leader) || return 1
  l=$(leader) && echo "leader: $l" || return 1
  local listed
  listed=$(on client "aurora-admin get_scheduler vagrant")
  echo "serverset: $listed"
  echo "$listed" | grep -q "$l"
}

# BASIC auth and HTTPS are on: a write without credentials is refused with
# Aurora's auth exit code and changes nothing; HTTPS verifies against the CA.
secure_writes() {
  local code
  on client "NETRC=/dev/null aurora job create $JOB hello_world.aurora"
  code=$?
  echo "aurora job create without credentials: exit $code"
  [ "$code" = 30 ] || return 1
  on client "aurora job list vagrant/vagrant" | grep -q hello && return 1
  on client "curl -fsS --cacert /etc/aurora/ca.pem https://coordinator1:8443/health" | grep -q OK
}

create_job() {
  on client "aurora job create --wait-until RUNNING $JOB hello_world.aurora" || return 1
  on client "aurora job list vagrant/vagrant" | grep -q hello || return 1
  retry 120 two_running
}

two_running() {
  local status
  status=$(on client "aurora job status $JOB")
  echo "$status"
  [ "$(echo "$status" | grep -c 'RUNNING on worker')" -ge 2 ]
}

# The workers that run an instance of the job now.
busy_workers() {
  on client "aurora job status $JOB" | grep 'RUNNING on' | grep -o 'worker[0-9]' | sort -u
}

pages() {
  local l
  l=$(leader) || return 1
  for path in /scheduler /scheduler/vagrant /scheduler/vagrant/devel/hello; do
    code=$(on client "curl -s -o /dev/null -w '%{http_code}' -L http://$l:8081$path")
    echo "$path $code"
    [ "$code" = 200 ] || return 1
  done
  for w in $(busy_workers); do
    task=$(on "$w" "curl -s localhost:1338/j/task_ids" | grep -o 'vagrant-devel-hello-[0-9]*-[a-f0-9-]*' | head -1)
    [ -n "$task" ] || { echo "no task on $w"; return 1; }
    for path in / "/task/$task"; do
      code=$(on "$w" "curl -s -o /dev/null -w '%{http_code}' 'http://localhost:1338$path'")
      echo "$w $path $code"
      [ "$code" = 200 ] || return 1
    done
    on "$w" "curl -s 'http://localhost:1338/logs/$task/hello/0/stdout'" | grep -q "hello from $w" || return 1
  done
}

failover() {
  local old new start
  old=$(leader) || return 1
  start=$(date +%s.%N)
  on "$old" "sudo systemctl stop aurora-scheduler"
  new=$(retry 60 leader) || return 1
  echo "new leader $new after $(awk "BEGIN {print $(date +%s.%N) - $start}") s (was $old; includes ssh round trips)"
  [ "$new" != "$old" ] || return 1
  two_running || return 1
  on client "aurora job create --wait-until RUNNING vagrant/vagrant/devel/hello2 hello_world.aurora" \
    || on client "sed 's/hello/hello2/' hello_world.aurora > hello2.aurora && aurora job create --wait-until RUNNING vagrant/vagrant/devel/hello2 hello2.aurora" || return 1
  on "$old" "sudo systemctl start aurora-scheduler"
  follower="$old"
  retry 120 is_follower
}

is_follower() {
  [ "$(on "$follower" "curl -s -o /dev/null -w '%{http_code}' localhost:8081/leaderhealth")" = 503 ]
}

both_instances_on() {
  [ "$(on client "aurora job status $JOB" | grep -c "RUNNING on $survivor")" -ge 2 ]
}

healthy_on_coordinator1() {
  on coordinator1 "curl -fs localhost:8081/health" | grep -q OK
}

lose_zookeeper_and_agent() {
  local lost
  on coordinator3 "sudo systemctl stop zookeeper"
  on client "aurora job status $JOB" | grep -q RUNNING || return 1
  lost=$(busy_workers | head -1)
  survivor=worker1
  [ "$lost" = worker1 ] && survivor=worker2
  on "$lost" "sudo systemctl stop mesos-agent"
  # The instance there is lost and rescheduled; with one worker left, both run on the other.
  retry 240 both_instances_on
  local result=$?
  on coordinator3 "sudo systemctl start zookeeper"
  on "$lost" "sudo systemctl start mesos-agent"
  return $result
}

# Starts an update of the job to hello_update.aurora bound to version $1 and health command $2; prints the
# client's output and, last, the update's id (the end of the update URL).
start_update() { # version health
  local out id
  out=$(on client "aurora update start --bind version=$1 --bind health=$2 -m 'acceptance $1' $JOB hello_update.aurora") \
    || { echo "$out"; return 1; }
  echo "$out" >&2
  id=$(echo "$out" | sed -n 's|^Job update has started. View your update progress at https\{0,1\}://.*/scheduler/vagrant/devel/hello/update/\([0-9a-f-]*\)$|\1|p')
  [ -n "$id" ] || { echo "no update URL in: $out" >&2; return 1; }
  echo "$id"
}

# The status `aurora update list` shows for update $1 (3rd field of its row, the id being the 2nd).
listed_status() { # id
  on client "aurora update list vagrant/vagrant/devel/hello" | awk -v id="$1" '$2 == id {print $3}'
}

# Checks what `aurora update info` says of update $1: its status $2, and instance event $3 for each instance
# named after it.
update_info_says() { # id status instance-action instance...
  local info id="$1" status="$2" action="$3" i
  shift 3
  info=$(on client "aurora update info $JOB $id")
  echo "$info"
  echo "$info" | grep -qx "Job: $JOB, UpdateID: $id" || return 1
  echo "$info" | grep -qx "Current status: $status" || return 1
  for i in "$@"; do
    echo "$info" | grep -q "^  Instance $i at .*: $action\$" || { echo "no $action of instance $i"; return 1; }
  done
  [ "$(listed_status "$id")" = "$status" ] || { echo "update list shows $(listed_status "$id") for $id"; return 1; }
}

# The scheduler's job is hello_update.aurora at version $1 with health command $2, on every instance.
job_is_version() { # version health
  # Not `tee /dev/stderr`: with the suite's output redirected to a file, reopening /dev/stderr truncates that file.
  local diff
  diff=$(on client "aurora job diff --bind version=$1 --bind health=$2 $JOB hello_update.aurora")
  echo "$diff" >&2
  grep -q '^No differences' <<<"$diff"
}

# Updates the job to version $1 with health command $2 and waits for the end, which must exit $3; prints the
# update's id.
update_and_wait() { # version health expected-exit-code
  local id code
  id=$(start_update "$1" "$2") || return 1
  echo "update $id" >&2
  on client "timeout 900 aurora update wait $JOB $id" >&2
  code=$?
  [ "$code" = "$3" ] || { echo "update wait exited $code, expected $3" >&2; return 1; }
  echo "$id"
}

update_rolls_forward() {
  local id
  id=$(update_and_wait v2 true 0) || return 1
  update_info_says "$id" ROLLED_FORWARD INSTANCE_UPDATED 0 1 || return 1
  job_is_version v2 true || return 1
  retry 120 two_running
}

update_rolls_back() {
  local id info
  # update wait exits 4 for ROLLED_BACK.
  id=$(update_and_wait v3 false 4) || return 1
  # Batches of one, in instance order: instance 0 fails its health check and is rolled back before 1 is touched.
  info=$(update_info_says "$id" ROLLED_BACK INSTANCE_ROLLED_BACK 0) || { echo "$info"; return 1; }
  echo "$info"
  grep -q '^  Status: ROLLING_BACK at ' <<<"$info" || { echo "no ROLLING_BACK event in update info"; return 1; }
  job_is_version v2 true || return 1
  retry 120 two_running
}

SLA_JOB=vagrant/vagrant/devel/hello_sla

# What aurora-admin host_status says of host $1: the last word of its line (scripts read it so).
host_mode() { # host
  on client "aurora-admin host_status --hosts=$1 vagrant 2>&1" | awk -v h="$1" '$1 == h && /is in state:/ {print $NF}'
}

# How many instances of the SLA job run on worker $1.
sla_running_on() { # worker
  on client "aurora job status $SLA_JOB" | grep -c "RUNNING on $1"
}

sla_moved_to_worker2() {
  [ "$(host_mode worker1)" = DRAINED ] && [ "$(sla_running_on worker2)" -ge 2 ]
}

# A job with a count SLA of 1 runs both instances on worker1; an SLA-aware drain of worker1 moves one instance,
# waits until its replacement has run 20 s, then moves the other; the host is DRAINED, then back in service.
sla_host_drain() {
  local mode
  # One worker holds 2 CPUs, and each task takes 0.35 with the executor's share: the failover step's hello2 goes,
  # so that hello and hello_sla (4 tasks) fit on one worker.
  on client "aurora job killall vagrant/vagrant/devel/hello2" || return 1
  # Empty worker2 first (host_drain waits until it is DRAINED), so both instances start on worker1.
  on client "timeout 300 aurora-admin host_drain --hosts=worker2 vagrant" || return 1
  [ "$(host_mode worker2)" = DRAINED ] || return 1
  on client "timeout 300 aurora job create --wait-until RUNNING $SLA_JOB hello_sla.aurora" || return 1
  [ "$(sla_running_on worker1)" -ge 2 ] || return 1
  on client "aurora-admin host_activate --hosts=worker2 vagrant" || return 1
  [ "$(host_mode worker2)" = NONE ] || return 1
  # hello, without a policy of its own, keeps half its instances over 20 s.
  on client "timeout 120 aurora-admin sla_host_drain --hosts=worker1 --default_percentage=50 --default_duration=20s" \
    "vagrant" || return 1
  mode=$(host_mode worker1)
  echo "worker1 is $mode"
  # One instance may go at once; the other waits for its replacement to count as up (20 s).
  [ "$mode" = DRAINING ] || return 1
  [ "$(sla_running_on worker1)" -ge 1 ] || return 1
  retry 240 sla_moved_to_worker2 || return 1
  on client "aurora-admin host_activate --hosts=worker1 vagrant" || return 1
  [ "$(host_mode worker1)" = NONE ] || return 1
  on client "aurora job killall $SLA_JOB"
}

# A container image registry for the machines (Debian's docker-registry, plain HTTP at $REGISTRY, storage in
# .vagrant/image) holding a tiny image built here as the client tests build theirs: a static busybox, an
# /etc/os-release saying ID=aurora-acceptance, packed with umoci and pushed with skopeo as
# acceptance/busybox:v1.
IMAGE_OS_ID=aurora-acceptance

publish_image() {
  local dir=.vagrant/image tool root rootless=() addr="$REGISTRY" applet
  for tool in docker-registry:docker-registry skopeo:skopeo umoci:umoci busybox:busybox-static; do
    command -v "${tool%%:*}" >/dev/null || { echo "install ${tool#*:} (.ci/run does)"; return 1; }
  done
  [ "$provider" = lxc ] || addr="0.0.0.0:${REGISTRY##*:}"
  if curl -s -o /dev/null "http://$REGISTRY/v2/"; then
    echo "something already answers at $REGISTRY: set AURORA_REGISTRY to a free host:port"
    return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir/storage" || return 1
  printf 'version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: %s\n' \
    "$PWD/$dir/storage" "$addr" > "$dir/registry.yml"
  docker-registry serve "$dir/registry.yml" > "$dir/registry.log" 2>&1 &
  registry_server=$!
  retry 20 curl -fs -o /dev/null "http://$REGISTRY/v2/" || { cat "$dir/registry.log"; return 1; }
  [ "$(id -u)" -eq 0 ] || rootless=(--rootless)
  umoci init --layout "$dir/oci" && umoci new --image "$dir/oci:latest" \
    && umoci unpack "${rootless[@]}" --image "$dir/oci:latest" "$dir/bundle" || return 1
  root="$dir/bundle/rootfs"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/dev" && cp /bin/busybox "$root/bin/" || return 1
  for applet in sh cat echo sleep ls id env true; do ln -s busybox "$root/bin/$applet"; done
  printf 'ID=%s\nNAME="Aurora acceptance image"\n' "$IMAGE_OS_ID" > "$root/etc/os-release"
  printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\n' > "$root/etc/group"
  umoci repack "${rootless[@]}" --image "$dir/oci:latest" "$dir/bundle" || return 1
  skopeo copy --quiet --dest-tls-verify=false "oci:$dir/oci:latest" "docker://$REGISTRY/acceptance/busybox:v1"
}

IMAGE_JOB=vagrant/vagrant/devel/hello_image

# The worker running the image job's instance.
image_worker() {
  on client "aurora job status $IMAGE_JOB" | grep 'RUNNING on' | grep -o 'worker[0-9]' | head -1
}

# The image job's stdout, from its sandbox on worker $1.
image_stdout() { # worker
  on "$1" "sudo sh -c 'cat /var/lib/mesos/slaves/*/frameworks/*/executors/thermos-vagrant-devel-hello_image-0-*/runs/latest/sandbox/.logs/hello/0/stdout'"
}

printed_image_id() {
  image_stdout "$worker" | grep -qx "ID=$IMAGE_OS_ID"
}

# What the agent has mounted or provisioned for containers on worker $1: mounts under its work dir (the
# image's root file system at <sandbox>/taskfs) and provisioned root file systems.
container_leftovers() { # worker
  on "$1" "grep ' /var/lib/mesos/' /proc/mounts; sudo ls -d /var/lib/mesos/provisioner/containers/* 2>/dev/null"
}

nothing_left_on_worker() {
  [ -z "$(container_leftovers "$worker")" ]
}

# A job with container = Mesos(image = DockerImage('{{docker.image[acceptance/busybox][v1]}}', 'v1')) reaches
# RUNNING, its process (inside the image) prints the image's /etc/os-release, and after the kill nothing of the
# image stays mounted or provisioned on the worker.
job_from_image() {
  publish_image || return 1
  on client "aurora job create --wait-until RUNNING $IMAGE_JOB hello_image.aurora" || return 1
  worker=$(image_worker)
  [ -n "$worker" ] || { echo "no instance of $IMAGE_JOB RUNNING"; return 1; }
  retry 60 printed_image_id || { echo "stdout on $worker:"; image_stdout "$worker"; return 1; }
  echo "$worker: $(image_stdout "$worker" | grep '^ID=') (the machines say ID=$(on "$worker" ". /etc/os-release; echo \$ID"))"
  echo "while running, on $worker:"
  container_leftovers "$worker" | sed 's/^/  /'
  [ -n "$(container_leftovers "$worker")" ] || { echo "the image is not mounted on $worker"; return 1; }
  on client "aurora job killall $IMAGE_JOB" || return 1
  retry 60 nothing_left_on_worker || { echo "left on $worker:"; container_leftovers "$worker"; return 1; }
  echo "after the kill: nothing mounted or provisioned on $worker"
}

destroy() {
  # A graceful stop waits for each machine's systemd in turn; the machines are thrown away, so on lxc stop
  # them all at once with SIGKILL first (about a minute less).
  if [ "$provider" = lxc ]; then
    local stops=()
    for name in coordinator1 coordinator2 coordinator3 worker1 worker2 client; do
      lxc-stop --kill -n "aurora-$name" >/dev/null 2>&1 &
      stops+=($!)
    done
    # Only these: a bare wait would also wait for the repository server, which runs until the script exits.
    wait "${stops[@]}"
  fi
  vagrant destroy -f
}

# The next version (this build rebuilt as VERSION+1, beside VERSION) in a second
# signed repository under the served folder, as a release would publish it.
publish_next_version() {
  local version
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' ../pom.xml | sed -n 1p)
  java -XX:+ExitOnOutOfMemoryError -cp "../packaging/target/classes:$(cat ../packaging/target/classpath.txt)" \
    io.github.auroradist.packaging.PackageBuilder upgrade-repository .. "$version" ../packaging/target
}

killall_and_upgrade() {
  local before after
  on client "aurora job killall $JOB" || return 1
  publish_next_version || return 1
  on coordinator1 "echo '# edited by acceptance.sh' | sudo tee -a /etc/default/aurora-scheduler >/dev/null"
  before=$(on coordinator1 "dpkg-query -W -f='\${Version}' aurora-scheduler")
  on coordinator1 "sudo sed -i 's|/apt$|/upgrade/apt|' /etc/apt/sources.list.d/aurora.sources" || return 1
  on coordinator1 "sudo apt-get update -q -o Dir::Etc::sourcelist=sources.list.d/aurora.sources \
    -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --only-upgrade aurora-scheduler" \
    || return 1
  after=$(on coordinator1 "dpkg-query -W -f='\${Version}' aurora-scheduler")
  echo "aurora-scheduler $before -> $after"
  [ "$after" = "$before+1" ] || return 1
  on coordinator1 "tail -1 /etc/default/aurora-scheduler" | grep -q "edited by acceptance.sh" || return 1
  retry 120 healthy_on_coordinator1
}

step "vagrant up ($provider)" up
if [ "$failed" = 0 ]; then
  step "ZooKeeper: one leader, two followers" zookeeper_ensemble
  step "schedulers: exactly one leader, listed in the serverset" one_leader
  step "BASIC auth and HTTPS: a write without credentials exits 30" secure_writes
  step "aurora job create: 2 instances RUNNING on the workers" create_job
  step "scheduler UI, observer pages and task stdout" pages
  step "a job from an image (Mesos containerizer): prints the image's os-release, nothing left mounted" job_from_image
  step "leader stopped: new leader, job intact, new job created, old one rejoins" failover
  step "one ZooKeeper and one agent stopped: instance rescheduled" lose_zookeeper_and_agent
  step "aurora update: to a healthy version, rolls forward" update_rolls_forward
  step "aurora update: to a version failing its health check, rolls back" update_rolls_back
  step "aurora-admin sla_host_drain: a count SLA of 1 moves one instance, then the other" sla_host_drain
  step "killall; upgrade aurora-scheduler to the next version through the repository, keeping the edited defaults" killall_and_upgrade
fi
if [ "$keep" = 0 ]; then
  step "vagrant destroy" destroy
fi

echo
echo "Acceptance summary ($provider):"
printf '  %s\n' "${results[@]}"
passed=$(printf '%s\n' "${results[@]}" | grep -c '^PASS')
echo "acceptance: $passed passed, $(( ${#results[@]} - passed )) failed"
exit "$failed"
