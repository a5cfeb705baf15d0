#!/usr/bin/env bash
# Unit tests of the modules that need no trained model, built with AddressSanitizer and
# UndefinedBehaviorSanitizer (-DEMOFORGET_SANITIZE=ON) in build-asan/ and run under
# ctest -j2. Only those modules' libraries and test programs are built
# (EMOFORGET_TEST_MODULES, see tests/CMakeLists.txt); their test files that run the CLI
# or train a model are left out. LibTorch and OpenMP are not instrumented: the leaks
# they leave at exit are suppressed by scripts/sanitize/lsan.supp (never project code).
# Any sanitizer report fails the run. Without precompiled headers: most of these files do
# not include LibTorch, and loading its 600 MB header image costs them more than it saves.
# Usage:
#   scripts/sanitize-test.sh                 (env SANITIZE_BUILD_DIR, SANITIZE_MODULES)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${SANITIZE_BUILD_DIR:-$root/build-asan}
read -r -a modules <<<"${SANITIZE_MODULES:-common tensor_io audio data corpora metrics lineage}"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1
export LSAN_OPTIONS=suppressions=$root/scripts/sanitize/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export OMP_WAIT_POLICY=PASSIVE

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
module_list=$(IFS=';'; echo "${modules[*]}")
cmake -S "$root" -B "$build" "${generator[@]}" -DEMOFORGET_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DEMOFORGET_PCH=OFF \
  -DEMOFORGET_BUILD_BENCH=OFF -DEMOFORGET_BUILD_FUZZ=OFF -DEMOFORGET_TEST_MODULES="$module_list"
targets=()
for module in "${modules[@]}"; do targets+=("test_$module"); done
cmake --build "$build" -j2 --target "${targets[@]}"
ctest --test-dir "$build" -j2 --output-on-failure
