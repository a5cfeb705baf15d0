#!/bin/sh
# The first class recipe (docs/unlearning.md, "Class unlearning over seeds": adv-ewc --m 2 --p 20
# --until zero --wrong-labels nearest --lambda-kl 2) with the variants that restrict what
# moves: SalUn's saliency mask from the forget gradients (--saliency 0.1 and 0.3) and L2UL's
# anchor (--importance mas --anchor complement). Seeds 0, 1, 2; each run audited against the
# original model; one thread per run, two runs at a time, the runs of a seed sharing the
# attack of scripts/class-distillation.sh. Run inside the folder scripts/wrong-labels.sh
# made. Usage: scripts/class-masks.sh [DIR]  (emoforget on PATH, or EMOFORGET=path)
set -eu
EF=${EMOFORGET:-emoforget}
cd "${1:-wrong-labels}"
mkdir -p class-seeds
run() { # seed name flags...
  seed=$1 out=class-seeds/$2-seed$1
  shift 2
  if [ ! -f "$out/report.json" ]; then
    $EF --threads 1 forget --model model --manifest small/manifest.csv --forget-class sadness \
      --method adv-ewc --m 2 --p 20 --until zero --wrong-labels nearest --lambda-kl 2 \
      --seed "$seed" --pgd-cache class-seeds/cache --out "$out" "$@" > "$out.log" 2>&1
  fi
  [ -f "$out-audit.json" ] || $EF --threads 1 audit --original model --unlearned "$out" \
    --manifest small/manifest.csv --report "$out-audit.json" > "$out-audit.log" 2>&1
}
lane() { # seed...
  for seed in "$@"; do
    run "$seed" kl2-sal0.1 --saliency 0.1
    run "$seed" kl2-sal0.3 --saliency 0.3
    run "$seed" kl2-mas-complement --importance mas --anchor complement
  done
}
lane 0 2 &
other=$!
lane 1
wait $other
python3 - <<'PY'
import json
def least_kept(report, split):
    before, after = report["before"][split]["recall"], report["after"][split]["recall"]
    kept = {k: after[k] / before[k] for k in before if k != "sadness" and before[k]}
    k = min(kept, key=kept.get)
    return kept[k], k
print("| variant | seed | sadness recall val / test | least kept other class, val | least kept other class, test | test UAR kept | goal (test) | stopped at step | wall s |")
print("|---|---:|---|---|---|---:|---|---:|---:|")
means = {}
for name, flags in (("kl2-sal0.1", "--saliency 0.1"), ("kl2-sal0.3", "--saliency 0.3"),
                    ("kl2-mas-complement", "--importance mas --anchor complement")):
    for seed in (0, 1, 2):
        run = "class-seeds/%s-seed%d" % (name, seed)
        r = json.load(open(run + "/report.json"))
        c = json.load(open(run + "-audit.json"))["class_forgetting"]
        val, val_class = least_kept(r, "val")
        test, test_class = least_kept(r, "test")
        kept = r["after"]["test"]["uar"] / r["before"]["test"]["uar"]
        means.setdefault(flags, []).append((val, test, c["met"]))
        print("| `%s` | %d | %.3f / %.3f | %.0f %% (%s) | %.0f %% (%s) | %.0f %% | %s | %s | %.0f |" % (
            flags, seed, r["after"]["val"]["recall"]["sadness"], c["recall"]["unlearned"],
            100 * val, val_class, 100 * test, test_class, 100 * kept,
            "met" if c["met"] else "missed", r["stopping"].get("stopped_at_step") or "never",
            r["timings"]["wall_seconds"]))
print()
print("| variant | least kept other class, val (mean of 3 seeds) | same, test | goal met on test |")
print("|---|---:|---:|---:|")
for flags, rows in means.items():
    print("| `%s` | %.1f %% | %.1f %% | %d of 3 |" % (flags, 100 * sum(r[0] for r in rows) / 3,
          100 * sum(r[1] for r in rows) / 3, sum(1 for r in rows if r[2])))
PY
