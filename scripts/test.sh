#!/usr/bin/env bash
# The README's test command: builds everything in Release, runs every test project, then runs the
# field tests again once per lower SIMD tier (runtime switches) so that AVX-512, AVX2 and scalar
# code paths are all exercised on every run. Prints a closing "N passed, N failed" line.
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

status=0
run dotnet build Gkr.sln -c Release --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  run dotnet test Gkr.sln -c Release --no-build --nologo || status=$?
  # Lower tiers: the hardware tier the runtime reports must match GKR_EXPECT_TIER, so a tier that
  # silently did not run fails the tier-report test. (The AVX-512 kernels also run in every pass,
  # on software vectors where the CPU lacks AVX-512; see docs/ARCHITECTURE.md.)
  hw=$(dotnet src/Gkr.Cli/bin/Release/net10.0/gkr.dll info | sed -n 's/^simd tier: *[A-Za-z0-9]* (hardware: \([A-Za-z0-9]*\).*/\1/p')
  echo "== hardware SIMD tier: ${hw:-unknown}"
  below512=$hw; [ "$hw" = "Avx512" ] && below512=Avx2
  run env DOTNET_EnableAVX512F=0 GKR_EXPECT_TIER="$below512" dotnet test tests/Gkr.Field.Tests -c Release --no-build --nologo || status=$?
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
