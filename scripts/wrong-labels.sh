#!/bin/sh
# The measurements of docs/unlearning.md, "Nearest wrong labels": one corpus, one tiny
# model fine-tuned on one thread, then the paper's mode (scripts/paper-mode.sh), class
# unlearning (scripts/class-unlearning.sh) and the default method with random or nearest
# wrong labels against retraining (scripts/nearest-labels.sh). About 75 minutes on 2 cores.
# Usage: scripts/wrong-labels.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=${1:-wrong-labels}
mkdir -p "$DIR"
cd "$DIR"
[ -f small/manifest.csv ] || $EF synth --out small --speakers 24 --per-class 8 --seed 7
[ -f model/report.json ] || $EF --threads 1 finetune --manifest small/manifest.csv \
  --preset tiny --save-init init --out model --seed 0 --keep last
"$HERE/paper-mode.sh" .
"$HERE/class-unlearning.sh" .
"$HERE/nearest-labels.sh" .
