#!/usr/bin/env bash
# Wall time, CPU time (user + sys) and peak memory of `gkr verify` on the honest demo files, for two builds of gkr, runs alternating.
# Usage: scripts/bench-verify-files.sh BEFORE/gkr.dll AFTER/gkr.dll DEMO_DIR [RUNS]
# DEMO_DIR holds the files `gkr demo --save DEMO_DIR` writes. Prints the median of RUNS runs per build and form.
set -euo pipefail
before=$1 after=$2 dir=$3 runs=${4:-15}
forms=("--circuit $dir/circuit.json --input $dir/input.json --output $dir/output.json --proof $dir/proof.bin"
       "--circuit $dir/circuit.bin --statement $dir/statement.bin --proof $dir/proof.bin")
names=(json statement)
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
tmp=$(mktemp -d)
for ((r = 0; r < runs; r++)); do
  for f in 0 1; do
    for build in before after; do
      dll=${!build}
      start=$(date +%s%N)
      /usr/bin/time -f '%M %U %S' -o "$tmp/time" dotnet "$dll" verify ${forms[$f]} > /dev/null
      echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$tmp/${names[$f]}-$build-ms"
      read -r kb user sys < "$tmp/time"
      echo "$kb" >> "$tmp/${names[$f]}-$build-kb"
      awk -v u="$user" -v s="$sys" 'BEGIN {print (u + s) * 1000}' >> "$tmp/${names[$f]}-$build-cpu"
    done
  done
done
for f in 0 1; do
  for build in before after; do
    echo "${names[$f]} $build: wall median $(median < "$tmp/${names[$f]}-$build-ms") ms, CPU median $(median < "$tmp/${names[$f]}-$build-cpu") ms, peak RSS median $(median < "$tmp/${names[$f]}-$build-kb") KB ($runs runs)"
  done
done
rm -rf "$tmp"
