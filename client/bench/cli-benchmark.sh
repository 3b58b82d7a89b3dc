#!/bin/sh
# Prints the wall and CPU time of `aurora --version` and `aurora job inspect` (examples/hello_world.aurora), each
# the median of several runs, through the launcher the packages ship (the aurora-cli tree in packaging/target/dist,
# its default JVM options), beside the JVM alone (the floor) and --version through picocli (as it was before).
# Usage: client/bench/cli-benchmark.sh [runs]   (from anywhere; default 7 runs)
#   BENCH_NO_BUILD=1  measure the tree as it is (build it with ./mvnw -B -q install -DskipTests -pl packaging -am)
#   BENCH_CDS=1       first record the class-data-sharing archive as the package's postinst does (into the tree's
#                     cds/, where the tarball's launcher looks), then measure with it
set -eu
cd "$(dirname "$0")/../.."
tree=$(benchmarks/bin/staged-tree aurora-cli aurora JAVA_OPTS job inspect cds/training/devel/hello \
  packaging/files/tools/cds-training.aurora)
aurora="${tree}bin/aurora"
runs=${1:-7}

times_file=$(mktemp)
trap 'rm -f "$times_file"' EXIT

measure() { # command... -> "wall cpu" in milliseconds (cpu: user + system, which the machine's load affects less)
  /usr/bin/time -f '%e %U %S' -o "$times_file" "$@" >/dev/null 2>&1
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' "$times_file"
}

middle() { # numbers... -> the median
  echo "$@" | tr ' ' '\n' | grep . | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}

median() { # label aim command...
  label=$1
  aim=$2
  shift 2
  "$@" >/dev/null # once, not counted: the files are in the page cache for every measured run
  walls=""
  cpus=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    m=$(measure "$@")
    walls="$walls ${m% *}"
    cpus="$cpus ${m#* }"
    i=$((i + 1))
  done
  # shellcheck disable=SC2086
  printf '%-34s wall %5d ms, cpu %5d ms (median of %d; walls:%s)  [aim: %s]\n' "$label" "$(middle $walls)" \
    "$(middle $cpus)" "$runs" "$walls" "$aim"
}

# The floor: the same JVM, options and class path, printing only its version (java -version).
JAVA_OPTS_EXTRA=-version median "JVM alone (the launcher's java)" "-" "$aurora"
median "aurora -v --version (picocli)" "-" "$aurora" -v --version
median "aurora --version" "under 0.3 s" "$aurora" --version
median "aurora job inspect" "under 1 s" "$aurora" job inspect devcluster/www-data/devel/hello examples/hello_world.aurora
