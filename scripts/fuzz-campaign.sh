#!/usr/bin/env bash
# The fuzzing campaign recorded in docs/reliability.md: each libFuzzer target in turn
# (one at a time), FUZZ_RUNS executions (default 1,000,000) with leak detection, on a
# working corpus seeded from a copy of fuzz/corpus/<target>/ and the target's
# dictionary fuzz/dict/<target>.dict when there is one. fuzz/corpus is only read.
# Usage: scripts/fuzz-campaign.sh [TARGET...]   (default: every folder of fuzz/corpus)
# Needs build-fuzz built (scripts/fuzz-smoke.sh configures and builds it). Writes
# build-fuzz/campaign/<target>/ (the grown corpus), <target>.log and crash files there;
# prints one line per target: executions, cov, ft and the corpus (units/bytes) from
# libFuzzer's last status line. Fails on any finding.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
runs=${FUZZ_RUNS:-1000000}
out=$build/campaign
mkdir -p "$out"
export LSAN_OPTIONS=suppressions=$root/fuzz/lsan.supp

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for dir in "$root"/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

status=0
for target in "${targets[@]}"; do
  binary=$build/fuzz/${target}_fuzzer
  [[ -x $binary ]] || { echo "fuzz-campaign: $binary is not built" >&2; exit 1; }
  corpus=$out/$target
  mkdir -p "$corpus" "$out/$target-artifacts"
  cp -n "$root/fuzz/corpus/$target"/* "$corpus"/
  options=(-runs="$runs" -detect_leaks=1 -print_final_stats=1 -timeout=20 -rss_limit_mb=2048
           -artifact_prefix="$out/$target-artifacts/")
  [[ -f $root/fuzz/dict/$target.dict ]] && options+=(-dict="$root/fuzz/dict/$target.dict")
  if ! "$binary" "${options[@]}" "$corpus" >"$out/$target.log" 2>&1; then
    echo "fuzz-campaign: $target FAILED, see $out/$target.log and $out/$target-artifacts/" >&2
    status=1
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$target.log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$out/$target.log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$last")
  echo "$target: executions ${executions:-?} cov ${cov:-?} ft ${ft:-?} corpus ${units:-?}"
done
exit "$status"
