#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ (fuzz/CMakeLists.txt) and runs
# each for FUZZ_SECONDS seconds (default 30), one at a time, with AddressSanitizer,
# UndefinedBehaviorSanitizer and leak detection, on a scratch copy of its seeds
# (fuzz/corpus/<target>/ is never written) and its dictionary fuzz/dict/<target>.dict.
# Prints each target's executions; fails on the first crash, leak, timeout or UB report,
# leaving the input under build-fuzz/smoke/. Usage: [FUZZ_SECONDS=N] scripts/fuzz-smoke.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-30}

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
CXX=${FUZZ_CXX:-clang++} cmake -S "$root" -B "$build" "${generator[@]}" -DEMOFORGET_BUILD_FUZZ=ON \
  -DEMOFORGET_BUILD_TESTS=OFF -DEMOFORGET_BUILD_BENCH=OFF -DEMOFORGET_PCH=OFF >/dev/null
cmake --build "$build" -j2 --target emoforget_fuzzers

export LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
artifacts=$build/smoke
mkdir -p "$artifacts"

for dir in "$root"/fuzz/corpus/*/; do
  target=$(basename "$dir")
  mkdir -p "$scratch/$target"
  cp "$dir"* "$scratch/$target"/
  options=(-max_total_time="$seconds" -detect_leaks=1 -print_final_stats=1 -timeout=20
           -rss_limit_mb=2048 -artifact_prefix="$artifacts/$target-")
  [[ -f $root/fuzz/dict/$target.dict ]] && options+=(-dict="$root/fuzz/dict/$target.dict")
  log=$artifacts/$target.log
  if ! "$build/fuzz/${target}_fuzzer" "${options[@]}" "$scratch/$target" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz-smoke: $target FAILED (log and input under $artifacts/)" >&2
    exit 1
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz-smoke: $target: ${executions:-?} executions in ${seconds} s, no findings"
done
