#!/bin/sh
# The default method with the true class lowered instead of a wrong label trained up
# (docs/unlearning.md, "Lowering the true class on random requests"): one benchmark of random
# requests of 10, three seeds, distill-stop with random wrong labels (its default) and with
# --wrong-labels lower, beside the paper's adv-ewc, ranlab and the retrained reference; two
# lanes of one thread. With `speaker`, the same on one-speaker requests, without adv-ewc (the
# longest of the paper's runs on a speaker's 56 clips). With `n50`, random requests of 50,
# the two distill-stop choices and retraining alone. Run inside the folder
# scripts/wrong-labels.sh made.
# Usage: scripts/lower-labels.sh [DIR] [random|speaker|n50]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
requests=${2:-random}
case $requests in
  random)
    out=lower-random-n10 others=adv-ewc,ranlab,
    set -- --requests random --n 10 ;;
  speaker)
    out=lower-speaker others=ranlab,
    set -- --requests speaker ;;
  n50)
    out=lower-random-n50 others= requests=random
    set -- --requests random --n 50 ;;
  *) echo "lower-labels.sh: requests must be random, speaker or n50, not $requests" >&2; exit 2 ;;
esac
$EF benchmark --model model --init init --manifest small/manifest.csv --out "$out" \
  --seeds 0,1,2 "$@" --m 10 --p 20 --jobs 2 --job-threads 1 \
  --methods distill-stop,distill-stop:wrong-labels=lower,${others}retrain > "$out.log" 2>&1
# The choice on validation: the distance of each candidate's forget UAR to the retrained
# model's, and the share of validation UAR it keeps (means over the seeds).
OUT=$out REQUESTS=$requests python3 - <<'PY'
import json, os
def report(seed, method):
    return json.load(open("%s/runs/%s-seed%d/%s/report.json" % (
        os.environ["OUT"], os.environ["REQUESTS"], seed, method)))
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
