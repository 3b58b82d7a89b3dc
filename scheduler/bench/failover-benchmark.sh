#!/bin/sh
# Prints how long a three-coordinator cluster takes to fail over with many tasks in the store: from killing the
# leading scheduler (SIGKILL) to the first API write a new leader accepts. Real processes: three scheduler JVMs,
# a three-server ZooKeeper ensemble and the Mesos emulator's master, all on loopback.
# Usage: scheduler/bench/failover-benchmark.sh [tasks] [rounds] [work dir]
# (from the repository root; defaults 10000 and 5, in a new temporary directory).
# Set BENCH_JAVA_OPTS to give the benchmark's own JVM other options.
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -q install -DskipTests -pl scheduler -am
./mvnw -B -q test-compile -pl scheduler
cp=$(./mvnw -B -q dependency:build-classpath -pl scheduler -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
# shellcheck disable=SC2086
exec java -Dlogback.configurationFile=scheduler/bench/logback.xml ${BENCH_JAVA_OPTS:-} -cp "scheduler/target/test-classes:scheduler/target/classes:$cp" \
  io.github.auroradist.scheduler.ha.FailoverBenchmark "$@"
