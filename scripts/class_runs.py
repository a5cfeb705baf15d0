"""The figures of one audited class-unlearning run (forget --forget-class, then audit), as the
class scripts (scripts/class-*.sh) tabulate them: the forgotten class's recall, the other class
that keeps the least of its recall on validation and on test, the test UAR kept, whether the
audit's goal is met, the step the rule stopped at and the wall time."""
import json


def least_kept(report, split, forgotten):
    """The share of its recall the least kept other class keeps on `split`, and its name."""
    before, after = report["before"][split]["recall"], report["after"][split]["recall"]
    kept = {k: after[k] / before[k] for k in before if k != forgotten and before[k]}
    k = min(kept, key=kept.get)
    return kept[k], k


def class_run(path, forgotten="sadness"):
    """The figures of the run in folder `path`, audited into `path`-audit.json."""
    report = json.load(open(path + "/report.json"))
    audit = json.load(open(path + "-audit.json"))["class_forgetting"]
    val, val_class = least_kept(report, "val", forgotten)
    test, test_class = least_kept(report, "test", forgotten)
    return {
        "recall_val": report["after"]["val"]["recall"][forgotten],
        "recall_test": audit["recall"]["unlearned"],
        "val": val, "val_class": val_class, "test": test, "test_class": test_class,
        "test_kept": report["after"]["test"]["uar"] / report["before"]["test"]["uar"],
        "met": audit["met"],
        "stopped": report.get("stopping", {}).get("stopped_at_step") or "never",
        "wall": report["timings"]["wall_seconds"],
    }


def cells(run):
    """A table row's cells: recall val / test | least kept val | least kept test | test kept |
    goal."""
    return "%.3f / %.3f | %.0f %% (%s) | %.0f %% (%s) | %.0f %% | %s" % (
        run["recall_val"], run["recall_test"], 100 * run["val"], run["val_class"],
        100 * run["test"], run["test_class"], 100 * run["test_kept"],
        "met" if run["met"] else "missed")


def mean(runs, key):
    return sum(run[key] for run in runs) / len(runs)
