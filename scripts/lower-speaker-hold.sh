#!/bin/sh
# Can the default with the true class lowered keep more of the model on one-speaker requests
# (docs/unlearning.md, "Holding the model on speaker requests")? The benchmark of
# scripts/lower-labels.sh DIR speaker, copied and resumed (its runs and retrained references
# read back) with two more variants of distill-stop:wrong-labels=lower: distillation on the
# adversarial samples at twice and four times the default weight (--lambda-kl 2, 4); two lanes
# of one thread. Run inside the folder scripts/wrong-labels.sh made, after scripts/lower-labels.sh.
# Usage: scripts/lower-speaker-hold.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
[ -d lower-speaker ] || { echo "lower-speaker-hold.sh: run scripts/lower-labels.sh DIR speaker first" >&2; exit 2; }
[ -d lower-speaker-hold ] || cp -a lower-speaker lower-speaker-hold
lower=distill-stop:wrong-labels=lower
$EF benchmark --model model --init init --manifest small/manifest.csv --out lower-speaker-hold \
  --resume --seeds 0,1,2 --requests speaker --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods "distill-stop,$lower,$lower:lambda-kl=2,$lower:lambda-kl=4,ranlab,retrain" \
  > lower-speaker-hold.log 2>&1
# Per seed: forget UAR, test UAR kept, validation UAR kept and the step it stopped at.
python3 - <<'PY'
import json
methods = ["retrain", "distill-stop", "distill-stop:wrong-labels=lower"] + [
    "distill-stop:wrong-labels=lower:" + v
    for v in ("lambda-kl=2", "lambda-kl=4")]
print("| method | forget UAR per seed | test UAR kept per seed | mean test kept | mean validation kept | steps to the stop |")
print("|---|---|---|---:|---:|---|")
for method in methods:
    f, t, v, s = [], [], [], []
    for seed in (0, 1, 2):
        r = json.load(open("lower-speaker-hold/runs/speaker-seed%d/%s/report.json" % (seed, method)))
        f.append(r["after"]["forget"]["uar"])
        t.append(r["after"]["test"]["uar"] / r["before"]["test"]["uar"])
        v.append(r["after"]["val"]["uar"] / r["before"]["val"]["uar"])
        s.append(str((r.get("stopping") or {}).get("stopped_at_step") or "—"))
    print("| `%s` | %s | %s | %.1f %% | %.1f %% | %s |" % (
        method, " / ".join("%.3f" % x for x in f), " / ".join("%.1f %%" % (100 * x) for x in t),
        100 * sum(t) / 3, 100 * sum(v) / 3, ", ".join(s)))
PY
