#!/bin/sh
# The adversarial stopping method with distillation on its adversarial samples
# (docs/unlearning.md, "Distillation and nearest labels against retraining"): the
# benchmarks of scripts/nearest-labels.sh (random requests of 10 and 50, one-speaker
# requests, three seeds) go on with --resume, adding adv-ewc-stop with --lambda-kl 1 (the
# default method, distill-stop), with random, nearest and soft wrong labels, and ranlab-stop
# with soft labels; the runs and retrained references already there are read back. Two
# lanes of one thread. Run inside the folder scripts/wrong-labels.sh made.
# Usage: scripts/distilled-stop.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
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
    > "$out-distilled.log" 2>&1
}
bench nearest-random-n10 --requests random --n 10
bench nearest-speaker --requests speaker
bench nearest-random-n50 --requests random --n 50
