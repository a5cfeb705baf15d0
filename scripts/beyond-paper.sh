#!/bin/sh
# The "Beyond the paper" measurements of docs/unlearning.md: one corpus, one fine-tuned
# tiny model, three seeds of random (N = 10) and one-speaker requests, every method
# audited against the model retrained without the forget set; then class and attribute
# unlearning. Usage: scripts/beyond-paper.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
DIR=${1:-beyond-paper}
mkdir -p "$DIR"
cd "$DIR"

# The evidence corpus and its model (docs/unlearning.md, "Three seeds").
[ -f small/manifest.csv ] || $EF synth --out small --speakers 24 --per-class 8 --seed 7
[ -f model/report.json ] || $EF finetune --manifest small/manifest.csv --preset tiny \
  --save-init init --out model --seed 0 --keep last

# Random requests of 10 utterances and one-speaker requests (56 utterances here), three
# seeds each, against one retrained model per seed and request: the two stopping-rule
# candidates, the paper's method and the baseline. M = 10 and P = 20 (the paper: 20 and
# 50). The two benchmarks run side by side, one process each, about 80 minutes on 2 cores.
$EF benchmark --model model --init init --manifest small/manifest.csv --out random \
  --seeds 0,1,2 --requests random --m 10 --p 20 --jobs 1 --job-threads 1 --methods \
adv-ewc:lr-scale=0.3:until=heldout-confidence,ranlab:lr-scale=0.1:until=heldout-confidence,adv-ewc,ranlab,retrain \
  > random.log 2>&1 &
$EF benchmark --model model --init init --manifest small/manifest.csv --out speaker \
  --seeds 0,1,2 --requests speaker --m 10 --p 20 --jobs 1 --job-threads 1 --methods \
adv-ewc:lr-scale=0.3:until=heldout-confidence,ranlab:lr-scale=0.1:until=heldout-confidence,adv-ewc,ranlab,retrain \
  > speaker.log 2>&1
wait

# Random requests of 50 utterances, three seeds: the recommended method against the paper's,
# the baseline and the retrained reference (about 25 minutes on 2 cores).
$EF benchmark --model model --init init --manifest small/manifest.csv --out n50 \
  --seeds 0,1,2 --requests random --n 50 --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods ranlab-stop,adv-ewc,ranlab,retrain

# Class unlearning: every training utterance of one emotion, until it is misclassified.
$EF forget --model model --manifest small/manifest.csv --forget-class sadness \
  --method adv-ewc --m 2 --p 20 --until zero --out class-sadness
$EF audit --original model --unlearned class-sadness --manifest small/manifest.csv \
  --report class-sadness-audit.json --markdown class-sadness-audit.md

# Attribute unlearning: gender, on a corpus with 23 female and 45 male speakers.
[ -f gendered/manifest.csv ] || $EF synth --out gendered --speakers 68 --per-class 3 --seed 7
[ -f gendered-model/report.json ] || $EF finetune --manifest gendered/manifest.csv \
  --preset tiny --out gendered-model --seed 0 --keep last
$EF forget --model gendered-model --manifest gendered/manifest.csv --forget-attribute gender \
  --out no-gender
$EF audit --original gendered-model --unlearned no-gender --manifest gendered/manifest.csv \
  --report no-gender-audit.json --markdown no-gender-audit.md
