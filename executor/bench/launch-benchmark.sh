#!/bin/sh
# Prints LAUNCH -> TASK_RUNNING latency and resident memory (VmRSS, VmHWM, PSS) of the real executor JVM, started
# through the thermos_executor launcher the packages ship (the aurora-executor tree in packaging/target/dist)
# against a loopback agent. Usage: executor/bench/launch-benchmark.sh [rounds]   (from anywhere; default 5)
#   BENCH_JAVA_OPTS  JVM options for the executor (default: the launcher's own, THERMOS_EXECUTOR_JAVA_OPTS unset)
#   BENCH_CDS=1      first record the class-data-sharing archive as the package's postinst does (a --self-test
#                    run, into the tree's cds/, where the tarball's launcher looks), then measure with it
#   BENCH_NMT=1      print the JVM's native memory summary each round (adds -XX:NativeMemoryTracking=summary)
#   BENCH_SETTLE_MS  how long after TASK_RUNNING memory is read (default 2000); the executor's CPU time meanwhile
#                    is printed too
#   BENCH_NO_BUILD=1 measure the tree as it is (build it with ./mvnw -B -q install -DskipTests -pl packaging -am)
set -eu
cd "$(dirname "$0")/../.."
if [ -n "${BENCH_JAVA_OPTS:-}" ]; then
  export THERMOS_EXECUTOR_JAVA_OPTS="$BENCH_JAVA_OPTS"
fi
tree=$(benchmarks/bin/staged-tree aurora-executor thermos_executor THERMOS_EXECUTOR_JAVA_OPTS --self-test)
launcher="${tree}bin/thermos_executor"
cp=$(./mvnw -B -q dependency:build-classpath -pl executor -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
nmt=false
if [ "${BENCH_NMT:-0}" = 1 ]; then
  export THERMOS_EXECUTOR_JAVA_OPTS_EXTRA="-XX:NativeMemoryTracking=summary"
  nmt=true
fi
java -Dbench.nmt="$nmt" -Dbench.settleMs="${BENCH_SETTLE_MS:-2000}" -cp "executor/target/test-classes:executor/target/classes:$cp" \
  io.github.auroradist.executor.LaunchBenchmark "$launcher" "${1:-5}"
