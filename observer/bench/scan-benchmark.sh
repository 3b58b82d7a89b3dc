#!/bin/sh
# Prints how long the Thermos observer takes to refresh (scan) a worker with many tasks, and to
# serve its pages. Usage: observer/bench/scan-benchmark.sh [active] [finished] [work dir]
# (from the repository root; defaults 50 and 2000, in a new temporary directory).
# Set BENCH_JAVA_OPTS to try other JVM options; BENCH_NO_BUILD=1 uses the classes as they are.
set -eu
cd "$(dirname "$0")/../.."
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q install -DskipTests -pl observer -am
  ./mvnw -B -q test-compile -pl observer
fi
cp=$(./mvnw -B -q dependency:build-classpath -pl observer -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -cp "observer/target/test-classes:observer/target/classes:$cp" \
  io.github.auroradist.observer.ScanBenchmark "$@"
