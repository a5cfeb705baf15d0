#!/bin/sh
# Soft wrong labels against retraining (docs/unlearning.md, "Soft wrong labels"): the
# benchmarks of scripts/distilled-stop.sh (random requests of 10 and 50, one-speaker
# requests, three seeds) go on with --resume, adding ranlab-stop and adv-ewc-stop with
# --lambda-kl 1 (distill-stop), each with --wrong-labels soft; the runs and retrained
# references already there are read back. Two lanes of one thread. Run inside the folder
# scripts/wrong-labels.sh made, after scripts/distilled-stop.sh.
# Usage: scripts/soft-labels.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
methods=ranlab-stop,ranlab-stop:wrong-labels=nearest,ranlab-stop:wrong-labels=soft
methods=$methods,adv-ewc-stop:lambda-kl=1,adv-ewc-stop:lambda-kl=1:wrong-labels=nearest
methods=$methods,adv-ewc-stop:lambda-kl=1:wrong-labels=soft,retrain
bench() { # out flags...
  out=$1
  shift
  $EF benchmark --model model --init init --manifest small/manifest.csv --out "$out" \
    --seeds 0,1,2 --m 10 --p 20 --jobs 2 --job-threads 1 --methods "$methods" --resume "$@" \
    > "$out-soft.log" 2>&1
}
bench nearest-random-n10 --requests random --n 10
bench nearest-speaker --requests speaker
bench nearest-random-n50 --requests random --n 50
