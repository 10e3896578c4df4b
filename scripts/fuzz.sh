#!/usr/bin/env bash
# Coverage-guided fuzzing of every decoder + verifier (docs/FUZZING.md): AFL++ drives gkr-fuzz through
# SharpFuzz, with Gkr.Protocol.dll and Gkr.Field.dll instrumented on a copy of the build.
#
#   [FUZZ_JOBS=N] scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 300 s, every target, one at a time)
#
# Installs what it needs: afl++ (apt-get, as root or through sudo) and the sharpfuzz tool (dotnet tool
# manifest .config/dotnet-tools.json). Output: fuzz/out/afl/<target>/ (AFL++ state; crashes/ and hangs/
# hold the inputs), one summary line per target, and exit status 1 if any target saved a crash or a hang.
# A per-input limit of 2 s (-t 2000) makes anything slower a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

seconds=${1:-300}
shift || true

if ! command -v afl-fuzz >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq afl++
fi
dotnet tool restore >/dev/null

bin=fuzz/out/afl-bin
dotnet build fuzz/Gkr.Fuzz -c Release --nologo -v quiet
rm -rf "$bin" && mkdir -p fuzz/out
cp -r fuzz/Gkr.Fuzz/bin/Release/net10.0 "$bin"
# Seeds come from the uninstrumented build (instrumented code needs the fuzzer's trace map).
dotnet "$bin/gkr-fuzz.dll" seed --out fuzz/corpus >/dev/null
for assembly in Gkr.Protocol Gkr.Field; do
  dotnet tool run sharpfuzz "$bin/$assembly.dll" >/dev/null
done

if [ "$#" -eq 0 ]; then
  mapfile -t targets < <(dotnet "$bin/gkr-fuzz.dll" list | awk '{print $1}')
else
  targets=("$@")
fi

# dotnet is not an AFL-instrumented binary (the edges come from SharpFuzz), and this machine's CPU
# governor and core pattern are not ours to change.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1

# One target: afl-fuzz for the given time, then its summary line; status 1 on a saved crash or hang.
fuzz_target() {
  local target=$1 out=fuzz/out/afl/$1 dictionary=()
  rm -rf "$out"
  mkdir -p "$out"
  [ -f "fuzz/corpus/$target.dict" ] && dictionary=(-x "fuzz/corpus/$target.dict")
  if ! afl-fuzz -i "fuzz/corpus/$target" -o "$out" "${dictionary[@]}" -t 2000 -m none -V "$seconds" \
      -- dotnet "$bin/gkr-fuzz.dll" afl "$target" >"$out/afl.log" 2>&1; then
    echo "afl-fuzz failed for $target: see $out/afl.log"
    return 1
  fi
  local stats=$out/default/fuzzer_stats
  get() { sed -n "s/^$1 *: //p" "$stats"; }
  echo "AFL target=$target seconds=$(get run_time) executions=$(get execs_done) execs_per_s=$(get execs_per_sec) edges=$(get edges_found) corpus=$(get corpus_count) crashes=$(get saved_crashes) hangs=$(get saved_hangs)"
  [ "$(get saved_crashes)" = 0 ] && [ "$(get saved_hangs)" = 0 ]
}

# FUZZ_JOBS targets at a time (default 1; one afl-fuzz keeps one core busy).
jobs=${FUZZ_JOBS:-1}
failed=0
pids=()
for target in "${targets[@]}"; do
  fuzz_target "$target" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
exit "$failed"
