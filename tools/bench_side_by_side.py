#!/usr/bin/python3
"""emoforget beside PyTorch + torchaudio on the same model shapes and the same work: runs
build/bench/bench_model_forward and tools/bench_reference.py for every configuration, each in
a process of its own (so that each peak RSS is that configuration's), and prints one Markdown
table: ms per iteration, the speed-up (reference time / emoforget time) and both peak RSS.

Modes (see bench_model_forward): forward; input = PGD's pass (backward to the input only,
parameters frozen); params = backward to the input and every parameter; train = a
fine-tuning step (train mode, backward, clipping, Adam).

The reference runs as a user's PyTorch would ("default": OpenBLAS picks its own kernels) and,
with --reference-blas same, also with OPENBLAS_CORETYPE set to the kernels emoforget chose,
so that the table separates the BLAS choice from the rest. Run with Debian's python3:

  /usr/bin/python3 tools/bench_side_by_side.py [--preset tiny,base]
      [--mode forward,input,params,train] [--seconds 1,3] [--batch 1,4,8] [--iters 3]
      [--warmup 1] [--threads N] [--reference-blas default,same] [--build build] [--out FILE]
"""

import argparse
import os
import re
import subprocess
import sys
import time

LINE = re.compile(r"mode=(\S+)\s+seconds=\S+\s+batch=\S+\s+([\d.]+) ms/iter.*peak_rss=(\d+) MiB")
BLAS = re.compile(r"blas=(\S*)")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def csv(kind):
    return lambda text: [kind(item) for item in text.split(",") if item]


def run(command, env):
    """Runs one configuration; returns (ms/iter, peak RSS MiB, BLAS core) or exits naming it."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    found = LINE.search(done.stdout)
    if done.returncode != 0 or not found:
        sys.exit(f"bench_side_by_side: error: {' '.join(command)} failed "
                 f"(exit {done.returncode}): {(done.stderr or done.stdout).strip()[-400:]}")
    blas = BLAS.search(done.stdout)
    return float(found.group(2)), int(found.group(3)), blas.group(1) if blas else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", type=csv(str), default=["tiny", "base"])
    parser.add_argument("--mode", type=csv(str), default=["forward", "input", "params", "train"])
    parser.add_argument("--seconds", type=csv(float), default=[1.0, 3.0])
    parser.add_argument("--batch", type=csv(int), default=[1, 4, 8])
    parser.add_argument("--iters", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reference-blas", type=csv(str), default=["default", "same"])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    for choice in args.reference_blas:
        if choice not in ("default", "same"):
            parser.error(f"--reference-blas takes default and/or same, got {choice}")
    ours = os.path.join(args.build, "bench", "bench_model_forward")
    if not os.access(ours, os.X_OK):
        parser.error(f"{ours} is not built (cmake --build {args.build} --target "
                     "bench_model_forward)")
    reference = [sys.executable, os.path.join(ROOT, "tools", "bench_reference.py")]
    env = dict(os.environ, OMP_WAIT_POLICY=os.environ.get("OMP_WAIT_POLICY", "PASSIVE"))
    env.pop("OPENBLAS_CORETYPE", None)

    header = ["preset", "mode", "clip", "batch", "emoforget ms"]
    for choice in args.reference_blas:
        label = "torchaudio ms" if choice == "default" else "torchaudio ms (same BLAS)"
        header += [label, "speed-up"]
    header += ["emoforget peak RSS", "torchaudio peak RSS"]
    lines = [f"threads={args.threads} iters={args.iters} warmup={args.warmup} "
             f"command: {' '.join(sys.argv)}", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    print("\n".join(lines), flush=True)
    started = time.time()
    blas_note = ""
    for preset in args.preset:
        for mode in args.mode:
            for seconds in args.seconds:
                for batch in args.batch:
                    flags = ["--preset", preset, "--mode", mode, "--seconds", str(seconds),
                             "--batch", str(batch), "--iters", str(args.iters), "--warmup",
                             str(args.warmup), "--threads", str(args.threads)]
                    ms, rss, core = run([ours] + flags, env)
                    row = [preset, mode, f"{seconds:g} s", str(batch), f"{ms:.1f}"]
                    reference_rss = 0
                    for choice in args.reference_blas:
                        reference_env = dict(env)
                        if choice == "same" and core:
                            reference_env["OPENBLAS_CORETYPE"] = core
                        ref_ms, ref_rss, ref_core = run(reference + flags, reference_env)
                        reference_rss = reference_rss or ref_rss
                        if choice == "default":
                            blas_note = f"emoforget BLAS kernels: {core or '?'}; " \
                                        f"torchaudio's own choice: {ref_core or '?'}"
                        row += [f"{ref_ms:.1f}", f"{ref_ms / ms:.2f}x"]
                    row += [f"{rss} MiB", f"{reference_rss} MiB"]
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
