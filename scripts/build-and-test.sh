#!/usr/bin/env bash
# Configures, builds (Release) and runs every test with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMOFORGET_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --parallel "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)"
