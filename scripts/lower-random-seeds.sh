#!/bin/sh
# The random requests of ten of scripts/lower-labels.sh with two more seeds (docs/unlearning.md,
# "Two more seeds of random requests"): its benchmark copied and resumed (the runs and
# retrained references of seeds 0, 1, 2 read back) with seeds 3 and 4 added; two lanes of one
# thread. Run inside the folder scripts/wrong-labels.sh made, after scripts/lower-labels.sh.
# Usage: scripts/lower-random-seeds.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
[ -d lower-random-n10 ] || { echo "lower-random-seeds.sh: run scripts/lower-labels.sh DIR random first" >&2; exit 2; }
[ -d lower-random-5seeds ] || cp -a lower-random-n10 lower-random-5seeds
$EF benchmark --model model --init init --manifest small/manifest.csv --out lower-random-5seeds \
  --resume --seeds 0,1,2,3,4 --requests random --n 10 --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods distill-stop:wrong-labels=lower,distill-stop,adv-ewc,ranlab,retrain \
  > lower-random-5seeds.log 2>&1
# The lowered variant comes first, so benchmark.md tests its gap to retrain against each other
# method's (paired one-tailed t-tests). Per seed: forget UAR of each stopping method and of the
# retrained model, test UAR kept (the means are benchmark.md's).
python3 - <<'PY'
import json
methods = ["distill-stop:wrong-labels=lower", "distill-stop", "retrain"]
print("| seed | forget UAR: lower / random labels / retrain | test UAR kept: lower / random labels / retrain |")
print("|---:|---|---|")
for seed in range(5):
    r = {m: json.load(open("lower-random-5seeds/runs/random-seed%d/%s/report.json" % (seed, m)))
         for m in methods}
    f = [r[m]["after"]["forget"]["uar"] for m in methods]
    t = [r[m]["after"]["test"]["uar"] / r[m]["before"]["test"]["uar"] for m in methods]
    print("| %d | %s | %s |" % (seed, " / ".join("%.3f" % x for x in f),
                                " / ".join("%.1f %%" % (100 * x) for x in t)))
PY
