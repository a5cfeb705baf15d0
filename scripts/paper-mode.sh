#!/bin/sh
# The paper's mode (docs/unlearning.md, "The paper's mode"): unlearn until the forget set
# is misclassified (--until zero, checked after every step) on random requests of 10,
# three seeds, at the paper's rate and lower ones, with random or nearest wrong labels,
# at the paper's rate with distillation on the adversarial samples (--lambda-kl), and with
# soft wrong labels, and with the true class lowered alone (--wrong-labels lower, also with
# --lambda-kl 4);
# one thread per run, two runs at a time, one shared attack cache. Reads each
# report.json's forget and test scores. Run inside the folder scripts/beyond-paper.sh
# made (model/, small/).
# Usage: scripts/paper-mode.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-beyond-paper}"
mkdir -p paper-mode
run() { # name seed method flags...
  name=$1 seed=$2 method=$3
  shift 3
  out=paper-mode/$name-s$seed
  [ -f "$out/report.json" ] && return 0
  $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-random 10 \
    --seed "$seed" --method "$method" --until zero --m 10 --p 20 \
    --pgd-cache paper-mode/cache --out "$out" "$@" > "$out.log" 2>&1
}
adversarial() { # seed: the three adv-ewc runs, in order (the first fills the seed's attack cache)
  run adv-ewc "$1" adv-ewc
  run adv-ewc-lr0.3 "$1" adv-ewc --lr-scale 0.3
  run adv-ewc-lr0.3-nearest "$1" adv-ewc --lr-scale 0.3 --wrong-labels nearest
}
random_labels() { # seed: the two ranlab runs (no attack)
  run ranlab-lr0.1 "$1" ranlab --lr-scale 0.1
  run ranlab-lr0.1-nearest "$1" ranlab --lr-scale 0.1 --wrong-labels nearest
}
distilled() { # seed: the paper's rate with distillation on the adversarial samples
  run adv-ewc-kl1 "$1" adv-ewc --lambda-kl 1
  run adv-ewc-kl1-nearest "$1" adv-ewc --lambda-kl 1 --wrong-labels nearest
  run adv-ewc-kl2-nearest "$1" adv-ewc --lambda-kl 2 --wrong-labels nearest
}
soft() { # seed: soft wrong labels at the paper's rate and at the lower ones
  run adv-ewc-soft "$1" adv-ewc --wrong-labels soft
  run adv-ewc-lr0.3-soft "$1" adv-ewc --lr-scale 0.3 --wrong-labels soft
  run ranlab-lr0.1-soft "$1" ranlab --lr-scale 0.1 --wrong-labels soft
}
lower() { # seed: the true class lowered alone, at the paper's rate
  run adv-ewc-lower "$1" adv-ewc --wrong-labels lower
  run adv-ewc-kl4-lower "$1" adv-ewc --wrong-labels lower --lambda-kl 4
}
# Two lanes of about equal work.
{ adversarial 0; random_labels 0; adversarial 2; } &
{ adversarial 1; random_labels 1; random_labels 2; }
wait
{ distilled 0; distilled 2; } &
distilled 1
wait
{ soft 0; soft 2; } &
soft 1
wait
{ lower 0; lower 2; } &
lower 1
wait
python3 - <<'PY'
import glob, json, statistics
rows = {}
for path in sorted(glob.glob("paper-mode/*/report.json")):
    r = json.load(open(path))
    name = path.split("/")[1].rsplit("-s", 1)[0]
    rows.setdefault(name, []).append((r["after"]["forget"]["uar"],
                                      r["after"]["val"]["uar"] / r["before"]["val"]["uar"],
                                      r["after"]["test"]["uar"] / r["before"]["test"]["uar"],
                                      r["timings"]["wall_seconds"]))
print("| variant (--until zero) | seeds | forget UAR | forget UAR per seed | validation UAR kept | test UAR kept | wall s |")
print("|---|---|---|---|---|---|---|")
for name, values in rows.items():
    f, v, t, w = zip(*values)
    print("| %s | %d | %.3f | %s | %.0f %% | %.0f %% | %.0f |" % (
        name, len(values), statistics.mean(f), " / ".join("%.2f" % x for x in f),
        100 * statistics.mean(v), 100 * statistics.mean(t), statistics.mean(w)))
PY
