#!/bin/sh
# The default method with the true class lowered instead of a wrong label trained up
# (docs/unlearning.md, "Lowering the true class on random requests"): one benchmark of random
# requests of 10, three seeds, distill-stop with random wrong labels (its default) and with
# --wrong-labels lower, beside the paper's adv-ewc, ranlab and the retrained reference; two
# lanes of one thread. Run inside the folder scripts/wrong-labels.sh made.
# Usage: scripts/lower-labels.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
$EF benchmark --model model --init init --manifest small/manifest.csv --out lower-random-n10 \
  --seeds 0,1,2 --requests random --n 10 --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods distill-stop,distill-stop:wrong-labels=lower,adv-ewc,ranlab,retrain \
  > lower-random-n10.log 2>&1
# The choice on validation: the distance of each candidate's forget UAR to the retrained
# model's, and the share of validation UAR it keeps (means over the seeds).
python3 - <<'PY'
import json
def report(seed, method):
    return json.load(open("lower-random-n10/runs/random-seed%d/%s/report.json" % (seed, method)))
print("| candidate | \\|forget UAR − retrain's\\| | validation kept | steps to the stop |")
print("|---|---:|---:|---|")
for method in ("distill-stop", "distill-stop:wrong-labels=lower"):
    dist, kept, steps = [], [], []
    for seed in (0, 1, 2):
        r, ref = report(seed, method), report(seed, "retrain")
        dist.append(abs(r["after"]["forget"]["uar"] - ref["after"]["forget"]["uar"]))
        kept.append(r["after"]["val"]["uar"] / r["before"]["val"]["uar"])
        steps.append(str(r["stopping"].get("stopped_at_step") or "never"))
    print("| `%s` | %.3f | %.1f %% | %s |" % (method, sum(dist) / 3, 100 * sum(kept) / 3,
                                           ", ".join(steps)))
PY
