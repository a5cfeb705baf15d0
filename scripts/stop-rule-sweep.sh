#!/bin/sh
# The sweep that chose the stopping rule's rate and measure (docs/unlearning.md, "What the
# stopping rule needed"): adv-ewc on random requests of 10 drawn by forget's own seed, with
# --until heldout at four rates and --until heldout-confidence at three, one thread per run,
# sharing one attack cache. Only the forget and validation scores of each report.json are
# read. Run inside the folder scripts/beyond-paper.sh made (model/, small/).
# Usage: scripts/stop-rule-sweep.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-beyond-paper}"
mkdir -p sweep
run() { # rule seed lr-scale
  out=sweep/$1-s$2-lr$3
  [ -f "$out/report.json" ] && return 0
  $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-random 10 \
    --seed "$2" --method adv-ewc --until "$1" --lr-scale "$3" --m 10 --p 20 \
    --pgd-cache sweep/cache --out "$out" > "$out.log" 2>&1
}
for scale in 1 0.3 0.1 0.03; do run heldout 0 $scale; done
for seed in 0 1 2; do run heldout-confidence $seed 1; done
for seed in 0 1; do run heldout-confidence $seed 0.3; done
run heldout-confidence 1 0.1
for f in sweep/*/report.json; do
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=r["stopping"]
print(sys.argv[1].split("/")[1], "forget %.3f -> %.3f" % (r["before"]["forget"]["uar"], r["after"]["forget"]["uar"]),
      "val %.3f" % r["after"]["val"]["uar"], "stopped at step", s["stopped_at_step"])' "$f"
done
