#!/usr/bin/env bash
# The GPU measurements, as one script for a GPU machine lent for a few minutes: builds
# emoforget against that machine's CUDA LibTorch (from its Python PyTorch) with the Debian
# packages that scripts/gpu-bundle.sh fetched into .gpu/debs, runs the CUDA and bf16 tests,
# then times, each beside the same work in the machine's Python PyTorch + torchaudio:
#   - PGD for wav2vec2-base shapes, 3 s clips, N=100 forget samples x M=20 = 2000 attacks,
#     P=50 steps, bf16 autocast (bench_pgd_throughput against tools/pgd_reference.py);
#   - fine-tuning steps for base, batch 16 of 3 s, bf16 (bench_training_throughput against
#     tools/bench_reference.py --mode train).
# Everything it prints also goes to $OUT/gpu-bench.log (or build-gpu/gpu-bench.log).
#
#   scripts/gpu-bench.sh              on the GPU machine (carry .gpu)
#   scripts/gpu-bench.sh --cpu-check  here: the same steps on the CPU, on the tiny preset and a
#                                     few attacks, with the build in $GPU_BENCH_BUILD (default
#                                     build/, already built) and Debian's python3
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=gpu
[[ ${1:-} == --cpu-check ]] && mode=cpu
log=${OUT:-$root/build-gpu}/gpu-bench.log
mkdir -p "$(dirname "$log")"
exec > >(tee "$log") 2>&1
step() { echo "== $* ($(date +%T))"; }

if [[ $mode == gpu ]]; then
  python=${PYTHON:-python3}
  build=$root/build-gpu
  sysroot=/tmp/emoforget-debs
  step "unpacking $(ls "$root"/.gpu/debs/*.deb | wc -l) Debian packages into $sysroot"
  mkdir -p "$sysroot"
  for deb in "$root"/.gpu/debs/*.deb; do dpkg -x "$deb" "$sysroot"; done
  libs=$sysroot/usr/lib/x86_64-linux-gnu
  export PATH=$sysroot/usr/bin:$PATH
  export LD_LIBRARY_PATH=$libs:$sysroot/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
  export PKG_CONFIG_SYSROOT_DIR=$sysroot
  export PKG_CONFIG_PATH=$libs/pkgconfig:$sysroot/usr/share/pkgconfig
  export PKG_CONFIG=$sysroot/usr/bin/pkgconf
  torch_prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
  step "nvidia-smi"; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
  step "configure against $torch_prefix"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEMOFORGET_PCH=OFF \
    -DCMAKE_PREFIX_PATH="$torch_prefix;$sysroot/usr" -DCMAKE_INCLUDE_PATH="$sysroot/usr/include" \
    -DCMAKE_LIBRARY_PATH="$libs" -DCMAKE_CUDA_ARCHITECTURES=90
  step "build"
  cmake --build "$build" --parallel "$(nproc)" --target test_model bench_pgd_throughput \
    bench_training_throughput bench_model_forward
  device=cuda; preset=base; seconds=3; attacks=2000; p=50; pgd_batch=64; bf16=on
  train_batch=16; train_steps=20; threads=0
else
  python=/usr/bin/python3
  build=${GPU_BENCH_BUILD:-$root/build}
  device=cpu; preset=tiny; seconds=1; attacks=8; p=2; pgd_batch=4; bf16=off
  train_batch=4; train_steps=2; threads=2
fi
export OMP_WAIT_POLICY=PASSIVE

step "CUDA and bf16 tests"
"$build/tests/test_model" --gtest_filter='*Precision*:*Cuda*:*Bf16*:*BF16*'

bf16_flag=(); [[ $bf16 == on ]] && bf16_flag=(--bf16)
step "PGD: $preset, ${seconds} s clips, $attacks attacks (N x M), P=$p, batch $pgd_batch, bf16 $bf16"
"$build/bench/bench_pgd_throughput" --preset "$preset" --seconds "$seconds" --samples "$attacks" \
  --p "$p" --pgd-batch "$pgd_batch" --device "$device" --bf16 "$bf16" --threads "$threads"
"$python" "$root/tools/pgd_reference.py" --preset "$preset" --seconds "$seconds" \
  --samples "$attacks" --p "$p" --pgd-batch "$pgd_batch" --device "$device" --threads "$threads" \
  "${bf16_flag[@]}"

step "fine-tuning: $preset, batch $train_batch of ${seconds} s, bf16 $bf16"
"$build/bench/bench_training_throughput" --preset "$preset" --seconds "$seconds" \
  --batch "$train_batch" --steps "$train_steps" --device "$device" --bf16 "$bf16" --threads "$threads"
"$python" "$root/tools/bench_reference.py" --preset "$preset" --seconds "$seconds" \
  --batch "$train_batch" --iters "$train_steps" --mode train --device "$device" --threads "$threads" \
  "${bf16_flag[@]}"
step "done"
