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
  --methods distill-stop,distill-stop:wrong-labels=lower,adv-ewc,ranlab,retrain \
  > lower-random-5seeds.log 2>&1
# Per seed: forget UAR of each stopping method and of the retrained model, test UAR kept; then
# paired one-tailed t-tests of the gap to retrain of the lowered variant against the others.
python3 - <<'PY'
import json, math
methods = ["distill-stop:wrong-labels=lower", "distill-stop", "retrain"]
print("| seed | forget UAR: lower / random labels / retrain | test UAR kept: lower / random labels / retrain |")
print("|---:|---|---|")
gaps = {m: [] for m in methods[:2]}
for seed in range(5):
    r = {m: json.load(open("lower-random-5seeds/runs/random-seed%d/%s/report.json" % (seed, m)))
         for m in methods}
    f = [r[m]["after"]["forget"]["uar"] for m in methods]
    t = [r[m]["after"]["test"]["uar"] / r[m]["before"]["test"]["uar"] for m in methods]
    for m, x in zip(methods[:2], f[:2]):
        gaps[m].append(x - f[2])
    print("| %d | %s | %s |" % (seed, " / ".join("%.3f" % x for x in f),
                                " / ".join("%.1f %%" % (100 * x) for x in t)))
for m, g in gaps.items():
    print("mean forget UAR minus retrain's, %s: %+.3f (|mean| %.3f)" % (m, sum(g) / 5, abs(sum(g) / 5)))
runs = {}
for run in json.load(open("lower-random-5seeds/benchmark.json"))["runs"]:
    runs.setdefault(run["method"], {})[run["seed"]] = run
for m in methods:
    print("mean MIA-efficacy, %s: %.3f" % (m, sum(runs[m][s]["mia_efficacy"] for s in range(5)) / 5))
def t_cdf(t, df):  # Student's t distribution function, Simpson's rule from -60
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    pdf = lambda x: c * (1 + x * x / df) ** (-(df + 1) / 2)
    n, a = 100000, -60.0
    h = (t - a) / n
    return h / 3 * (pdf(a) + pdf(t) + sum((4 if i % 2 else 2) * pdf(a + i * h) for i in range(1, n)))
lower = methods[0]
for m in ("adv-ewc", "ranlab", "distill-stop"):
    d = [runs[lower][s]["avg_gap_to_retrain"] - runs[m][s]["avg_gap_to_retrain"] for s in range(5)]
    mean = sum(d) / 5
    t = mean / (math.sqrt(sum((x - mean) ** 2 for x in d) / 4) / math.sqrt(5))
    print("gap to retrain of %s minus %s: mean %+.3f, t(4) = %.2f, p = %.2g" % (lower, m, mean, t, t_cdf(t, 4)))
PY
