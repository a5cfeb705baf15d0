#!/bin/sh
# The first class recipe (docs/unlearning.md, "Class unlearning over seeds": adv-ewc --m 2 --p 20
# --until zero --wrong-labels nearest --lambda-kl 2) with the variants that restrict what
# moves: SalUn's saliency mask from the forget gradients (--saliency 0.1 and 0.3) and L2UL's
# anchor (--importance mas --anchor complement). Seeds 0, 1, 2; each run audited against the
# original model; one thread per run, two runs at a time, the runs of a seed sharing the
# attack of scripts/class-distillation.sh. Run inside the folder scripts/wrong-labels.sh
# made. Usage: scripts/class-masks.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
SCRIPTS=$(cd "$(dirname "$0")" && pwd)
cd "${1:-wrong-labels}"
mkdir -p class-seeds
run() { # seed name flags...
  seed=$1 out=class-seeds/$2-seed$1
  shift 2
  if [ ! -f "$out/report.json" ]; then
    $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-class sadness \
      --method adv-ewc --m 2 --p 20 --until zero --wrong-labels nearest --lambda-kl 2 \
      --seed "$seed" --pgd-cache class-seeds/cache --out "$out" "$@" > "$out.log" 2>&1
  fi
  [ -f "$out-audit.json" ] || $EF --threads 1 audit --original model --unlearned "$out" \
    --manifest small/manifest.csv --report "$out-audit.json" > "$out-audit.log" 2>&1
}
lane() { # seed...
  for seed in "$@"; do
    run "$seed" kl2-sal0.1 --saliency 0.1
    run "$seed" kl2-sal0.3 --saliency 0.3
    run "$seed" kl2-mas-complement --importance mas --anchor complement
  done
}
lane 0 2 &
other=$!
lane 1
wait $other
PYTHONPATH=$SCRIPTS python3 - <<'PY'
from class_runs import cells, class_run, mean
print("| variant | seed | sadness recall val / test | least kept other class, val | least kept other class, test | test UAR kept | goal (test) | stopped at step | wall s |")
print("|---|---:|---|---|---|---:|---|---:|---:|")
means = {}
for name, flags in (("kl2-sal0.1", "--saliency 0.1"), ("kl2-sal0.3", "--saliency 0.3"),
                    ("kl2-mas-complement", "--importance mas --anchor complement")):
    for seed in (0, 1, 2):
        run = class_run("class-seeds/%s-seed%d" % (name, seed))
        means.setdefault(flags, []).append(run)
        print("| `%s` | %d | %s | %s | %.0f |" % (flags, seed, cells(run), run["stopped"], run["wall"]))
print()
print("| variant | least kept other class, val (mean of 3 seeds) | same, test | goal met on test |")
print("|---|---:|---:|---:|")
for flags, runs in means.items():
    print("| `%s` | %.1f %% | %.1f %% | %d of 3 |" % (flags, 100 * mean(runs, "val"),
          100 * mean(runs, "test"), sum(run["met"] for run in runs)))
PY
