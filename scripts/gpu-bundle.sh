#!/usr/bin/env bash
# Fetches, on this Debian machine, the Debian packages that scripts/gpu-bench.sh needs on a
# GPU machine without a package registry (CUDA, CMake, ninja and a Python PyTorch with its
# C++ LibTorch, but none of emoforget's other libraries), into .gpu/debs/ (ignored by git).
# Carry .gpu to the GPU machine with the working tree. Usage: scripts/gpu-bundle.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
debs=$root/.gpu/debs
packages=(
  pkgconf pkgconf-bin libpkgconf3 pkg-config
  libsndfile1 libsndfile1-dev libflac12 libflac-dev libogg0 libogg-dev libvorbis0a
  libvorbisenc2 libvorbisfile3 libvorbis-dev libopus0 libopus-dev libmpg123-0 libmpg123-dev
  libmp3lame0 libmp3lame-dev
  libsoxr0 libsoxr-dev
  libespeak-ng1 libespeak-ng-dev libpcaudio0 libsonic0
  libzip4 libzip-dev
  nlohmann-json3-dev libcli11-dev libgtest-dev libgmock-dev
  libgloo-dev
)
mkdir -p "$debs"
cd "$debs"
apt-get download "${packages[@]}"
echo "gpu-bundle: $(ls "$debs" | wc -l) packages, $(du -sh "$debs" | cut -f1) in $debs"
