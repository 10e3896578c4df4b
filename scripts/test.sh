#!/usr/bin/env bash
# The README's test command: builds everything in Release, runs every test project, then runs the
# field tests again once per lower SIMD tier (runtime switches) so that AVX-512, AVX2 and scalar
# code paths are all exercised on every run, each pass asserting the tier it ran. Prints a closing
# "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run() {
  echo "== $*"
  # shellcheck disable=SC2068
  "$@" 2>&1 | tee -a "$log"
  return "${PIPESTATUS[0]}"
}

# The tier the hardware should give, read from the CPU's flags rather than from the runtime, so that a
# runtime which silently ignores a switch (as .NET 10 ignores DOTNET_EnableAVX512F) fails the
# tier-report test instead of passing. .NET 10's Vector512 needs AVX-512 F, BW, CD, DQ and VL; set
# GKR_TEST_HARDWARE to override (e.g. Avx2 on Skylake-X, where the runtime keeps Vector512 off).
expected_hardware() {
  if [ -n "${GKR_TEST_HARDWARE:-}" ]; then echo "$GKR_TEST_HARDWARE"; return; fi
  if [ -r /proc/cpuinfo ]; then
    local flags; flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
    has() { for f in "$@"; do case "$flags" in *" $f "*) ;; *) return 1 ;; esac; done; }
    if has avx512f avx512bw avx512cd avx512dq avx512vl; then echo Avx512
    elif has avx2 bmi1 bmi2 fma; then echo Avx2
    else echo Scalar; fi
    return
  fi
  dotnet src/Gkr.Cli/bin/Release/net10.0/gkr.dll info | sed -n 's/^simd tier: *[A-Za-z0-9]* (hardware: \([A-Za-z0-9]*\).*/\1/p'
}

status=0
run dotnet build Gkr.sln -c Release --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  hw=$(expected_hardware)
  echo "== expected hardware SIMD tier: ${hw:-unknown}"
  below512=$hw; [ "$hw" = "Avx512" ] && below512=Avx2
  # Every pass asserts (KernelLaneTests.ReportsTheActiveTier) that the runtime gave the tier it meant
  # to run; the AVX-512 and AVX2 kernels also run in every pass, on software vectors where the tier
  # is off (see docs/ARCHITECTURE.md). The default pass runs the hardware tier, with each kernel's
  # own choice (SimdSupport.TierFor).
  run env GKR_EXPECT_TIER="$hw" dotnet test Gkr.sln -c Release --no-build --nologo || status=$?
  # .NET 10 lowers AVX-512 with DOTNET_EnableAVX512 (DOTNET_EnableAVX512F is no longer read; kept
  # for older runtimes, where it is harmless).
  run env DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 GKR_EXPECT_TIER="$below512" dotnet test tests/Gkr.Field.Tests -c Release --no-build --nologo || status=$?
  run env DOTNET_EnableAVX2=0 GKR_EXPECT_TIER=Scalar dotnet test tests/Gkr.Field.Tests -c Release --no-build --nologo || status=$?
  run env DOTNET_EnableHWIntrinsic=0 GKR_EXPECT_TIER=Scalar dotnet test tests/Gkr.Field.Tests -c Release --no-build --nologo || status=$?
fi

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
