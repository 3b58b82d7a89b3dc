#!/bin/sh
# Prints LAUNCH -> TASK_RUNNING latency and resident memory of the real executor JVM.
# Usage: executor/bench/launch-benchmark.sh [rounds]   (from the repository root)
# Set BENCH_JAVA_OPTS to try other JVM options.
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -q install -DskipTests -pl executor -am
./mvnw -B -q test-compile -pl executor
cp=$(./mvnw -B -q dependency:build-classpath -pl executor -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
jar=$(ls executor/target/aurora-executor-*-all.jar)
exec java ${BENCH_JAVA_OPTS:+-Dbench.javaOpts="$BENCH_JAVA_OPTS"} \
  -cp "executor/target/test-classes:executor/target/classes:$cp" \
  io.github.auroradist.executor.LaunchBenchmark "$jar" "${1:-3}"
