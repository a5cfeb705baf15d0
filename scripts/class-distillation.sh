#!/bin/sh
# Class unlearning with nearest wrong labels and distillation on the adversarial samples,
# over the distillation weight and three seeds (docs/unlearning.md, "Class unlearning over
# seeds"): every training utterance of sadness, adv-ewc --m 2 --p 20 --until zero
# --wrong-labels nearest --lambda-kl K for K in 1, 2, 3, seeds 0, 1, 2 (and variants of
# the rule's check, M, the rate and the wrong labels), each run audited
# against the original model. The weight is chosen on validation (the least kept other
# class); the table also gives test. One thread per run, two runs at a time; the runs of a
# seed share one attack. Run inside the folder scripts/wrong-labels.sh made.
# Usage: scripts/class-distillation.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
cd "${1:-wrong-labels}"
mkdir -p class-seeds
run() { # seed kl [every [m [lr-scale [labels]]]]: the rule checked after every step, or
  # (every = 0) each epoch; M adversarial samples per clip (2); the rate scaled (1); the
  # wrong labels (nearest)
  every=${3:-1} m=${4:-2} scale=${5:-1} labels=${6:-nearest}
  out=class-seeds/kl$2-seed$1
  [ "$every" = 1 ] || out=class-seeds/kl$2-epoch-seed$1
  [ "$m" = 2 ] || out=class-seeds/kl$2-m$m-seed$1
  [ "$scale" = 1 ] || out=class-seeds/kl$2-lr$scale-seed$1
  [ "$labels" = nearest ] || out=class-seeds/kl$2-$labels-seed$1
  if [ ! -f "$out/report.json" ]; then
    $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-class sadness \
      --method adv-ewc --m "$m" --p 20 --until zero --wrong-labels "$labels" --lambda-kl "$2" \
      --until-every "$every" --lr-scale "$scale" --seed "$1" --pgd-cache class-seeds/cache \
      --out "$out" > "$out.log" 2>&1
  fi
  [ -f "$out-audit.json" ] || $EF --threads 1 audit --original model --unlearned "$out" \
    --manifest small/manifest.csv --report "$out-audit.json" > "$out-audit.log" 2>&1
}
{ for kl in 1 2 3; do run 0 $kl; done; run 2 1; } &
lane=$!
{ for kl in 1 2 3; do run 1 $kl; done; run 2 2; run 2 3; }
wait $lane
# The same with the rule checked at the end of each epoch: training goes on to the end of
# the epoch in which the forget set is misclassified.
{ for seed in 0 1 2; do run $seed 2 0; done; } &
lane=$!
for seed in 0 1 2; do run $seed 1 0; done
wait $lane
# Weight 2 with twice the adversarial samples, and at half the rate.
{ for seed in 0 1 2; do run $seed 2 1 4; done; } &
lane=$!
for seed in 0 1 2; do run $seed 2 1 2 0.5; done
wait $lane
# Weight 2 with soft wrong labels (the original's other classes, renormalised).
{ for seed in 0 2; do run $seed 2 1 2 1 soft; done; } &
lane=$!
run 1 2 1 2 1 soft
wait $lane
PYTHONPATH=$SCRIPTS python3 - <<'PY'
from class_runs import cells, class_run, mean
print("| --lambda-kl | rule checked | M | rate | wrong labels | seed | sadness recall val / test | least kept other class, val | least kept other class, test | test UAR kept | goal (test) | stopped at step | wall s |")
print("|---:|---|---:|---:|---|---:|---|---|---|---:|---|---:|---:|")
rows = {}
variants = (  # (weight, rule checked, M, rate scale, wrong labels)
    (1, "step", 2, 1, "nearest"), (2, "step", 2, 1, "nearest"), (3, "step", 2, 1, "nearest"),
    (1, "epoch", 2, 1, "nearest"), (2, "epoch", 2, 1, "nearest"), (2, "step", 4, 1, "nearest"),
    (2, "step", 2, 0.5, "nearest"), (2, "step", 2, 1, "soft"))
for kl, check, m, scale, labels in variants:
    for seed in (0, 1, 2):
        name = "class-seeds/kl%d-" % kl
        name += "epoch-" if check == "epoch" else "m%d-" % m if m != 2 else ""
        name += "lr%g-" % scale if scale != 1 else ""
        name += "%s-" % labels if labels != "nearest" else ""
        name += "seed%d" % seed
        run = class_run(name)
        rows.setdefault((kl, check, m, scale, labels), []).append(run)
        print("| %d | each %s | %d | %gx | %s | %d | %s | %s | %.0f |" % (
            kl, check, m, scale, labels, seed, cells(run), run["stopped"], run["wall"]))
print()
print("| --lambda-kl | rule checked | M | rate | wrong labels | least kept other class, val (mean of 3 seeds) | same, test | goal met on test |")
print("|---:|---|---:|---:|---|---:|---:|---:|")
for (kl, check, m, scale, labels), runs in rows.items():
    print("| %d | each %s | %d | %gx | %s | %.1f %% | %.1f %% | %d of 3 |" % (
        kl, check, m, scale, labels, 100 * mean(runs, "val"), 100 * mean(runs, "test"),
        sum(run["met"] for run in runs)))
PY
