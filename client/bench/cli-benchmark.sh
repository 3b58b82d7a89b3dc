#!/bin/sh
# Prints the wall time of `aurora --version` and `aurora job inspect` (examples/hello_world.aurora), each the
# median of several runs, through the launcher the packages ship (the aurora-cli tree in packaging/target/dist,
# its default JVM options). Usage: client/bench/cli-benchmark.sh [runs]   (from anywhere; default 7 runs)
#   BENCH_NO_BUILD=1  measure the tree as it is (build it with ./mvnw -B -q install -DskipTests -pl packaging -am)
#   BENCH_CDS=1       first record the class-data-sharing archive as the package's postinst does (into the tree's
#                     cds/, where the tarball's launcher looks), then measure with it
set -eu
cd "$(dirname "$0")/../.."
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q install -DskipTests -pl packaging -am
fi
tree=$(ls -d packaging/target/dist/aurora-cli-*/ | tail -n 1)
aurora="${tree}bin/aurora"
runs=${1:-7}
rm -rf "${tree}cds"
if [ "${BENCH_CDS:-0}" = 1 ]; then
  mkdir -p "${tree}cds"
  # The same run the package's postinst makes (packaging/scripts/functions.sh, aurora_record_cds).
  JAVA_OPTS_EXTRA="-XX:ArchiveClassesAtExit=${tree}cds/aurora.jsa" "$aurora" job inspect \
    cds/training/devel/hello packaging/files/tools/cds-training.aurora >/dev/null
  echo "recorded ${tree}cds/aurora.jsa ($(du -k "${tree}cds/aurora.jsa" | cut -f1) KiB)"
fi

ms() { # command... -> milliseconds of wall time; the command's output is discarded, its failure stops the script
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { # label aim command...
  label=$1
  aim=$2
  shift 2
  "$@" >/dev/null # once, not counted: the files are in the page cache for every measured run
  times=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    times="$times $(ms "$@")"
    i=$((i + 1))
  done
  sorted=$(echo "$times" | tr ' ' '\n' | grep . | sort -n | tr '\n' ' ')
  middle=$(echo "$sorted" | cut -d' ' -f$((runs / 2 + 1)))
  printf '%-18s median %5d ms of %d runs (%s ms)  [aim: under %s]\n' "$label" "$middle" "$runs" "${sorted% }" "$aim"
}

median "aurora --version" "0.3 s" "$aurora" --version
median "aurora job inspect" "1 s" "$aurora" job inspect devcluster/www-data/devel/hello examples/hello_world.aurora
