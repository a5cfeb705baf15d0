#!/usr/bin/env bash
# Installs every Debian package emoforget needs to build, test and run.
# Idempotent; works as root or through sudo. Usage:
#   scripts/install-deps.sh              build + run + test dependencies
#   scripts/install-deps.sh --reference  also the Python reference (fixture regeneration)
#   scripts/install-deps.sh --fuzz       also clang + libFuzzer runtime (-DEMOFORGET_BUILD_FUZZ=ON)
# Options combine: scripts/install-deps.sh --reference --fuzz
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates python3
  libtorch-dev libopenblas0-openmp libgloo-dev
  libsndfile1-dev libsoxr-dev
  libespeak-ng-dev espeak-ng-data
  nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libzip-dev
  gnuplot-nox
  chromium
)
for option in "$@"; do
  case "$option" in
    --reference) packages+=(python3 python3-torch python3-torchaudio python3-numpy) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *)
      echo "install-deps: unknown option '$option' (expected --reference or --fuzz)" >&2
      exit 1
      ;;
  esac
done

if [[ $(id -u) -eq 0 ]]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "install-deps: run as root or install sudo" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
