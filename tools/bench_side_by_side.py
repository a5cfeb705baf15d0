#!/usr/bin/python3
"""emoforget beside PyTorch + torchaudio on the same model shapes and the same work: runs
build/bench/bench_model_forward and tools/bench_reference.py for every configuration, each in
a process of its own (so that each peak RSS is that configuration's), and prints one Markdown
table: ms per iteration, the speed-up (reference time / emoforget time) and both peak RSS.

Modes (see bench_model_forward): forward; input = PGD's pass (backward to the input only,
parameters frozen); params = backward to the input and every parameter; train = a
fine-tuning step (train mode, backward, clipping, Adam). Mode pgd runs whole attacks instead:
bench_pgd_throughput --outcome on beside tools/pgd_reference.py, --pgd-samples clips of the
clip length, P=--pgd-steps, --pgd-batch = the batch, one forward for the success rate per
batch in both; its time is ms per attack step of one batch (batch / sample-steps per s).

Both run in this environment as it is (OPENBLAS_CORETYPE, when set, chooses both programs'
BLAS kernels; each program prints the kernels it ran). --reference-blas same also runs the
reference with OPENBLAS_CORETYPE set to the kernels emoforget's run reported, a check that
the two ran the same kernels. Run with Debian's python3:

  /usr/bin/python3 tools/bench_side_by_side.py [--preset tiny,base]
      [--mode forward,input,params,train] [--seconds 1,3] [--batch 1,4,8] [--iters 3]
      [--warmup 1] [--threads N] [--rounds 1] [--reference-blas default,same] [--pgd-samples 8]
      [--pgd-steps 10] [--build build] [--out FILE]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time

LINE = re.compile(r"mode=(\S+)\s+seconds=\S+\s+batch=\S+\s+([\d.]+) ms/iter.*peak_rss=(\d+) MiB")
PGD_LINE = re.compile(r"pgd-batch=(\d+)\s+([\d.]+) sample-steps/s.*peak_rss=(\d+) MiB")
BLAS = re.compile(r"blas=(\S*)")
PARAMS = re.compile(r"params=(\d+)")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def csv(kind):
    return lambda text: [kind(item) for item in text.split(",") if item]


def run(command, env):
    """Runs one configuration; returns (ms/iter, peak RSS MiB, BLAS core) or exits naming it."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    found = LINE.search(done.stdout) or PGD_LINE.search(done.stdout)
    if done.returncode != 0 or not found:
        sys.exit(f"bench_side_by_side: error: {' '.join(command)} failed "
                 f"(exit {done.returncode}): {(done.stderr or done.stdout).strip()[-400:]}")
    blas = BLAS.search(done.stdout)
    params = PARAMS.search(done.stdout)
    ms = float(found.group(2))
    if found.re is PGD_LINE:
        ms = 1000.0 * int(found.group(1)) / ms  # ms per attack step of one batch
    return ms, int(found.group(3)), blas.group(1) if blas else "", \
        int(params.group(1)) if params else None


def median(runs, field):
    return statistics.median(run[field] for run in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", type=csv(str), default=["tiny", "base"])
    parser.add_argument("--mode", type=csv(str), default=["forward", "input", "params", "train", "pgd"])
    parser.add_argument("--seconds", type=csv(float), default=[1.0, 3.0])
    parser.add_argument("--batch", type=csv(int), default=[1, 4, 8])
    parser.add_argument("--iters", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reference-blas", type=csv(str), default=["default"])
    parser.add_argument("--rounds", type=int, default=1,
                        help="run each pair this many times, alternating; report the medians")
    parser.add_argument("--pgd-samples", type=int, default=8)
    parser.add_argument("--pgd-steps", type=int, default=10)
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    for choice in args.reference_blas:
        if choice not in ("default", "same"):
            parser.error(f"--reference-blas takes default and/or same, got {choice}")
    ours = os.path.join(args.build, "bench", "bench_model_forward")
    ours_pgd = os.path.join(args.build, "bench", "bench_pgd_throughput")
    if not os.access(ours, os.X_OK):
        parser.error(f"{ours} is not built (cmake --build {args.build} --target "
                     "bench_model_forward)")
    reference = [sys.executable, os.path.join(ROOT, "tools", "bench_reference.py")]
    reference_pgd = [sys.executable, os.path.join(ROOT, "tools", "pgd_reference.py")]
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))

    header = ["preset", "mode", "clip", "batch", "emoforget ms"]
    for choice in args.reference_blas:
        label = "torchaudio ms" if choice == "default" else "torchaudio ms (same BLAS)"
        header += [label, "speed-up"]
    header += ["emoforget peak RSS", "torchaudio peak RSS"]
    lines = [f"threads={args.threads} iters={args.iters} warmup={args.warmup} "
             f"rounds={args.rounds} "
             f"command: {' '.join(sys.argv)}", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    print("\n".join(lines), flush=True)
    started = time.time()
    blas_note = ""
    for preset in args.preset:
        for mode in args.mode:
            for seconds in args.seconds:
                for batch in args.batch:
                    if mode == "pgd":
                        flags = ["--preset", preset, "--seconds", str(seconds), "--samples",
                                 str(args.pgd_samples), "--p", str(args.pgd_steps),
                                 "--pgd-batch", str(batch), "--threads", str(args.threads)]
                        programs = [ours_pgd], reference_pgd
                    else:
                        flags = ["--preset", preset, "--mode", mode, "--seconds", str(seconds),
                                 "--batch", str(batch), "--iters", str(args.iters), "--warmup",
                                 str(args.warmup), "--threads", str(args.threads)]
                        programs = [ours], reference
                    ours_runs, reference_runs = [], {choice: [] for choice in args.reference_blas}
                    for _ in range(args.rounds):
                        ours_runs.append(run(programs[0] + flags, env))
                        core = ours_runs[-1][2]
                        for choice in args.reference_blas:
                            reference_env = dict(env)
                            if choice == "same" and core:
                                reference_env["OPENBLAS_CORETYPE"] = core
                            reference_runs[choice].append(run(programs[1] + flags,
                                                              reference_env))
                    # The same model on both sides, or the comparison means nothing.
                    ours_params = ours_runs[-1][3]
                    for choice in args.reference_blas:
                        theirs = reference_runs[choice][-1][3]
                        if mode != "pgd" and ours_params != theirs:
                            sys.exit(f"bench_side_by_side: error: preset {preset}: emoforget's "
                                     f"model has {ours_params} parameters, the reference's "
                                     f"{theirs}: tools/bench_reference.py's PRESETS no longer "
                                     f"match model/config_presets.cpp")
                    ms, rss = median(ours_runs, 0), median(ours_runs, 1)
                    row = [preset, mode, f"{seconds:g} s", str(batch), f"{ms:.1f}"]
                    for choice in args.reference_blas:
                        ref_ms = median(reference_runs[choice], 0)
                        row += [f"{ref_ms:.1f}", f"{ref_ms / ms:.2f}x"]
                    first = reference_runs[args.reference_blas[0]]
                    blas_note = f"BLAS kernels: emoforget {core or '?'}, " \
                                f"torchaudio {first[-1][2] or '?'}"
                    row += [f"{rss:.0f} MiB", f"{median(first, 1):.0f} MiB"]
                    line = "| " + " | ".join(row) + " |"
                    lines.append(line)
                    print(line, flush=True)
    lines += ["", blas_note, f"({time.time() - started:.0f} s)"]
    print("\n".join(lines[-2:]))
    if args.out:
        with open(args.out + ".tmp", "w") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
