#!/bin/sh
# The adversarial stopping method with distillation on its adversarial samples
# (docs/unlearning.md, "Distillation and nearest labels against retraining"): the
# benchmarks of scripts/nearest-labels.sh (random requests of 10 and 50, one-speaker
# requests, three seeds) go on with --resume, adding adv-ewc-stop with --lambda-kl 1 (the
# default method, distill-stop), with random, nearest and soft wrong labels, and ranlab-stop
# with soft labels; the runs and retrained references already there are read back. Two
# lanes of one thread. Run inside the folder scripts/wrong-labels.sh made.
# Usage: scripts/distilled-stop.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
methods=ranlab-stop,ranlab-stop:wrong-labels=nearest,ranlab-stop:wrong-labels=soft
methods=$methods,adv-ewc-stop:lambda-kl=1,adv-ewc-stop:lambda-kl=1:wrong-labels=nearest
methods=$methods,adv-ewc-stop:lambda-kl=1:wrong-labels=soft,retrain
bench() { # out flags...
  out=$1
  shift
  $EF benchmark --model model --init init --manifest small/manifest.csv --out "$out" \
    --seeds 0,1,2 --m 10 --p 20 --jobs 2 --job-threads 1 --methods "$methods" --resume "$@" \
    > "$out-distilled.log" 2>&1
}
bench nearest-random-n10 --requests random --n 10
bench nearest-speaker --requests speaker
bench nearest-random-n50 --requests random --n 50
# The choice on validation: per candidate, the distance of its forget UAR to the retrained
# model's, and the share of validation UAR it keeps (means over the seeds).
python3 - <<'PY'
import json, statistics
benches = (("nearest-random-n10", "random"), ("nearest-speaker", "speaker"),
           ("nearest-random-n50", "random"))
candidates = ("ranlab-stop", "ranlab-stop:wrong-labels=nearest", "ranlab-stop:wrong-labels=soft",
              "adv-ewc-stop:lambda-kl=1", "adv-ewc-stop:lambda-kl=1:wrong-labels=nearest",
              "adv-ewc-stop:lambda-kl=1:wrong-labels=soft")
def report(bench, kind, seed, method):
    return json.load(open("%s/runs/%s-seed%d/%s/report.json" % (bench, kind, seed, method)))
print("| candidate | \\|forget UAR − retrain's\\| N = 10 / speaker / N = 50 / mean "
      "| validation kept N = 10 / speaker / N = 50 | steps to the stop |")
print("|---|---|---|---|")
for method in candidates:
    gaps, kept, steps = [], [], []
    for bench, kind in benches:
        runs = [report(bench, kind, s, method) for s in (0, 1, 2)]
        retrained = [report(bench, kind, s, "retrain") for s in (0, 1, 2)]
        gaps.append(statistics.mean(abs(r["after"]["forget"]["uar"] - t["after"]["forget"]["uar"])
                                    for r, t in zip(runs, retrained)))
        kept.append(statistics.mean(r["after"]["val"]["uar"] / r["before"]["val"]["uar"]
                                    for r in runs))
        steps += [r["stopping"].get("stopped_at_step") or r["steps"]["total"] for r in runs]
    print("| `%s` | %s / %.3f | %s | %d–%d |" % (
        method, " / ".join("%.3f" % g for g in gaps), statistics.mean(gaps),
        " / ".join("%.1f %%" % (100 * k) for k in kept), min(steps), max(steps)))
PY
