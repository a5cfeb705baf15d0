#!/bin/sh
# Class unlearning with random and nearest wrong labels, with and without distillation on
# the adversarial samples (docs/unlearning.md, "Nearest wrong labels"): every training
# utterance of sadness, until it is misclassified (--until zero, checked after every
# step), each run audited against the original model. One
# thread per run, two runs at a time; the adversarial runs share one attack cache. Run
# inside the folder scripts/beyond-paper.sh made (model/, small/).
# Usage: scripts/class-unlearning.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-beyond-paper}"
mkdir -p class
run() { # name method flags...
  name=$1 method=$2
  shift 2
  out=class/$name
  if [ ! -f "$out/report.json" ]; then
    $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-class sadness \
      --method "$method" --until zero --pgd-cache class/cache --out "$out" "$@" > "$out.log" 2>&1
  fi
  [ -f "$out-audit.json" ] || $EF --threads 1 audit --original model --unlearned "$out" \
    --manifest small/manifest.csv --report "$out-audit.json" --markdown "$out-audit.md" \
    > "$out-audit.log" 2>&1
}
{ run adv-ewc adv-ewc --m 2 --p 20
  run adv-ewc-nearest adv-ewc --m 2 --p 20 --wrong-labels nearest
  run adv-ewc-nearest-kl1 adv-ewc --m 2 --p 20 --wrong-labels nearest --lambda-kl 1
  run adv-ewc-nearest-kl10 adv-ewc --m 2 --p 20 --wrong-labels nearest --lambda-kl 10; } &
{ run ranlab-lr0.1 ranlab --lr-scale 0.1
  run ranlab-lr0.1-nearest ranlab --lr-scale 0.1 --wrong-labels nearest
  run adv-ewc-kl1 adv-ewc --m 2 --p 20 --lambda-kl 1
  run adv-ewc-nearest-kl3 adv-ewc --m 2 --p 20 --wrong-labels nearest --lambda-kl 3; }
wait
python3 - <<'PY'
import glob, json
print("| run (--forget-class sadness --until zero) | sadness recall | least kept other class | test UAR kept | goal | wall s |")
print("|---|---|---|---|---|---|")
for path in sorted(glob.glob("class/*-audit.json")):
    c = json.load(open(path))["class_forgetting"]
    name = path.split("/")[1][: -len("-audit.json")]
    r = json.load(open("class/%s/report.json" % name))
    kept = c["other_classes_kept"]
    least = min(kept, key=kept.get)
    print("| %s | %.3f | %.0f %% (%s) | %.0f %% | %s | %.0f |" % (
        name, c["recall"]["unlearned"], 100 * kept[least], least,
        100 * r["after"]["test"]["uar"] / r["before"]["test"]["uar"],
        "met" if c["met"] else "missed", r["timings"]["wall_seconds"]))
PY
