#!/bin/sh
# Distillation on the validation split (--lambda-heldout) beside the default method
# (docs/unlearning.md, "Holding the model with held-out speech"): one benchmark of one-speaker
# requests (`speaker`) or of random requests of ten (`random`), seeds 0, 1, 2: distill-stop with
# --lambda-heldout 1, at its own rate and at the fine-tuning rate (--lr-scale 1), distill-stop
# as it is and the retrained reference; two lanes of one thread. The first method is the one benchmark.md tests against
# the others. Run inside the folder scripts/wrong-labels.sh made.
# Usage: scripts/held-out-distillation.sh [DIR] [speaker|random]  (emoforget on PATH, or
# EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
requests=${2:-speaker}
case $requests in
  speaker) set -- --requests speaker ;;
  random) set -- --requests random --n 10 ;;
  *) echo "held-out-distillation.sh: requests must be speaker or random, not $requests" >&2; exit 2 ;;
esac
out=heldout-$requests seeds=0,1,2
$EF benchmark --model model --init init --manifest small/manifest.csv --out "$out" --resume \
  --seeds $seeds "$@" --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods distill-stop:lambda-heldout=1,distill-stop:lambda-heldout=1:lr-scale=1,distill-stop,retrain \
  > "$out.log" 2>&1
# Per method: forget UAR, test and validation UAR kept per seed, and the step it stopped at.
OUT=$out REQUESTS=$requests SEEDS=$seeds python3 - <<'PY'
import json, os
out, requests = os.environ["OUT"], os.environ["REQUESTS"]
seeds = [int(s) for s in os.environ["SEEDS"].split(",")]
methods = ["retrain", "distill-stop", "distill-stop:lambda-heldout=1",
           "distill-stop:lambda-heldout=1:lr-scale=1"]
print("| method | forget UAR per seed | test UAR kept per seed | mean test kept | mean validation kept | steps to the stop |")
print("|---|---|---|---:|---:|---|")
for method in methods:
    f, t, v, s = [], [], [], []
    for seed in seeds:
        r = json.load(open("%s/runs/%s-seed%d/%s/report.json" % (out, requests, seed, method)))
        f.append(r["after"]["forget"]["uar"])
        t.append(r["after"]["test"]["uar"] / r["before"]["test"]["uar"])
        v.append(r["after"]["val"]["uar"] / r["before"]["val"]["uar"])
        s.append(str((r.get("stopping") or {}).get("stopped_at_step") or "—"))
    n = len(seeds)
    print("| `%s` | %s | %s | %.1f %% | %.1f %% | %s |" % (
        method, " / ".join("%.3f" % x for x in f), " / ".join("%.1f %%" % (100 * x) for x in t),
        100 * sum(t) / n, 100 * sum(v) / n, ", ".join(s)))
PY
