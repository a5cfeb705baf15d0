#!/bin/sh
# Random wrong labels against nearest ones for the default method (docs/unlearning.md,
# "Nearest wrong labels"): ranlab-stop as it is and with --wrong-labels nearest, on random
# requests of 10 and of 50 and on one-speaker requests, over three seeds, each against the
# model retrained without its forget set. Two lanes of one thread (about 25 minutes per
# benchmark on 2 cores). Run inside the folder scripts/beyond-paper.sh made (model/, init/,
# small/); a benchmark whose table exists is not run again.
# Usage: scripts/nearest-labels.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-beyond-paper}"
for n in 10 50; do
  out=nearest-random-n$n
  [ -f "$out/benchmark.md" ] && continue
  $EF benchmark --model model --init init --manifest small/manifest.csv --out "$out" \
    --seeds 0,1,2 --requests random --n "$n" --m 10 --p 20 --jobs 2 --job-threads 1 \
    --methods ranlab-stop,ranlab-stop:wrong-labels=nearest,retrain > "$out.log" 2>&1
done
# One-speaker requests, three seeds.
if [ ! -f nearest-speaker/benchmark.md ]; then
  $EF benchmark --model model --init init --manifest small/manifest.csv --out nearest-speaker \
    --seeds 0,1,2 --requests speaker --m 10 --p 20 --jobs 2 --job-threads 1 \
    --methods ranlab-stop,ranlab-stop:wrong-labels=nearest,retrain > nearest-speaker.log 2>&1
fi
