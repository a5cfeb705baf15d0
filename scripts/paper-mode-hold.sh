#!/bin/sh
# The paper's mode with held-out speech holding the model (docs/unlearning.md, "Holding the
# model with held-out speech"): unlearn until the forget set is misclassified (--until zero,
# checked after every step) on random requests of 10, seeds 0, 1, 2, with the paper's adv-ewc
# at its rate, alone and with distillation on the validation split (--lambda-heldout 0.1, 1
# and 4);
# one thread per run, two runs at a time, one shared attack cache. Run inside the folder
# scripts/wrong-labels.sh made.
# Usage: scripts/paper-mode-hold.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
mkdir -p paper-mode-hold
run() { # name seed flags...
  name=$1 seed=$2
  shift 2
  out=paper-mode-hold/$name-s$seed
  [ -f "$out/report.json" ] && return 0
  $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-random 10 \
    --seed "$seed" --method adv-ewc --until zero --m 10 --p 20 \
    --pgd-cache paper-mode-hold/cache --out "$out" "$@" > "$out.log" 2>&1
}
seed_runs() { # seed: the first run fills the seed's attack cache
  run adv-ewc "$1"
  run adv-ewc-heldout1 "$1" --lambda-heldout 1
  run adv-ewc-heldout4 "$1" --lambda-heldout 4
  run adv-ewc-heldout0.1 "$1" --lambda-heldout 0.1
}
{ seed_runs 0; seed_runs 2; } &
seed_runs 1
wait
python3 - <<'PY'
import glob, json, statistics
rows = {}
for path in sorted(glob.glob("paper-mode-hold/*/report.json")):
    r = json.load(open(path))
    name = path.split("/")[1].rsplit("-s", 1)[0]
    stop = (r.get("stopping") or {}).get("stopped_at_step")
    rows.setdefault(name, []).append((r["after"]["forget"]["uar"],
                                      r["after"]["val"]["uar"] / r["before"]["val"]["uar"],
                                      r["after"]["test"]["uar"] / r["before"]["test"]["uar"],
                                      r["timings"]["wall_seconds"], str(stop or "never")))
print("| run (--until zero) | seeds | forget UAR | forget UAR per seed | validation UAR kept | test UAR kept | test kept per seed | stopped at step | wall s |")
print("|---|---|---|---|---|---|---|---|---|")
for name, values in rows.items():
    f, v, t, w, s = zip(*values)
    print("| %s | %d | %.3f | %s | %.1f %% | %.1f %% | %s | %s | %.0f |" % (
        name, len(values), statistics.mean(f), " / ".join("%.2f" % x for x in f),
        100 * statistics.mean(v), 100 * statistics.mean(t),
        " / ".join("%.1f %%" % (100 * x) for x in t), ", ".join(s), statistics.mean(w)))
PY
