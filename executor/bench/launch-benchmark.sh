#!/bin/sh
# Prints LAUNCH -> TASK_RUNNING latency and resident memory (RSS and PSS) of the real executor JVM,
# started as its own process against a loopback agent.
# Usage: executor/bench/launch-benchmark.sh [rounds]   (from anywhere)
#   BENCH_JAVA_OPTS  JVM options for the executor (default: those of the thermos_executor launcher)
#   BENCH_CDS=1      first record an application class-data-sharing archive from one real launch,
#                    then measure with it (what a package can do at install time)
set -eu
cd "$(dirname "$0")/../.."
./mvnw -B -q install -DskipTests -pl executor -am
./mvnw -B -q test-compile -pl executor
cp=$(./mvnw -B -q dependency:build-classpath -pl executor -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
jar=$(ls executor/target/aurora-executor-*-all.jar)
opts=${BENCH_JAVA_OPTS:-"-XX:+UseSerialGC -Xms8m -Xmx32m -Xss256k -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=8m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:auto"}
run() {
  java -Dbench.javaOpts="$1" -cp "executor/target/test-classes:executor/target/classes:$cp" \
    io.github.auroradist.executor.LaunchBenchmark "$jar" "$2"
}
if [ "${BENCH_CDS:-0}" = 1 ]; then
  archive=executor/target/aurora-executor-bench.jsa
  rm -f "$archive"
  echo "recording $archive from one launch (not measured):"
  run "$opts -XX:ArchiveClassesAtExit=$archive" 1 2>/dev/null | sed 's/^/  /'
  opts="$opts -XX:SharedArchiveFile=$archive"
fi
run "$opts" "${1:-3}"
