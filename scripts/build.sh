#!/usr/bin/env bash
# Configures and builds emoforget (Release) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${EMOFORGET_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" --parallel "$(nproc)" --target emoforget_cli
