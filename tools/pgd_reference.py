#!/usr/bin/python3
"""Reference for bench/pgd_throughput.cpp: the same targeted PGD (paper eq. 2; start at
x + U(-tau, tau), P steps x <- clamp(x - sigma * sign(grad_x CE_sum(f(x), target))), eval mode,
parameters frozen) on the same model shapes built from torchaudio's wav2vec2 components
(tools/bench_reference.py), in batches of --pgd-batch. Prints the same line as the C++
benchmark: "pgd-batch=B  X sample-steps/s". Like `bench_pgd_throughput --outcome on`, each
batch ends with one forward for the success rate.

  python3 tools/pgd_reference.py [--preset tiny] [--seconds 3] [--samples 32] [--p 5]
      [--pgd-batch 1,8,32] [--threads N] [--device cpu|cuda] [--bf16]
"""

import argparse
import importlib.util
import os
import resource
import time

import torch


def load_reference():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_reference.py")
    spec = importlib.util.spec_from_file_location("bench_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--samples", type=int, default=32)
    parser.add_argument("--p", type=int, default=5)
    parser.add_argument("--pgd-batch", default="1,8,32")
    parser.add_argument("--tau", type=float, default=0.3)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (CUDA)")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    reference = load_reference()
    device = torch.device(args.device)
    torch.manual_seed(0)
    model = reference.Classifier(reference.PRESETS[args.preset]).to(device).eval()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    waves = torch.randn(args.samples, int(args.seconds * 16000))
    targets = torch.randint(0, 4, (args.samples,))
    sigma = 2.5 * args.tau / args.p
    print(f"preset={args.preset} device={args.device} threads={torch.get_num_threads()} "
          f"blas={reference.blas_core_name()} bf16={'on' if args.bf16 else 'off'} "
          f"clip={args.seconds:.1f}s samples={args.samples} P={args.p} torch={torch.__version__}")
    for batch in [int(b) for b in args.pgd_batch.split(",") if b]:
        if device.type == "cuda":
            torch.cuda.synchronize()
        start_time = time.perf_counter()
        hits = 0
        for begin in range(0, args.samples, batch):
            x_e = waves[begin:begin + batch].to(device)
            target = targets[begin:begin + batch].to(device)
            lower, upper = x_e - args.tau, x_e + args.tau
            x = x_e + (torch.rand_like(x_e) * 2 - 1) * args.tau
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16):
                for _ in range(args.p):
                    x.requires_grad_(True)
                    loss = torch.nn.functional.cross_entropy(model(x).float(), target,
                                                             reduction="sum")
                    grad, = torch.autograd.grad(loss, x)
                    x = torch.max(torch.min(x.detach() - sigma * grad.sign(), upper), lower)
                with torch.no_grad():
                    hits += int((model(x).argmax(1) == target).sum())
        if device.type == "cuda":
            torch.cuda.synchronize()
        elapsed = time.perf_counter() - start_time
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(f"pgd-batch={batch:<4} {args.samples * args.p / elapsed:8.2f} sample-steps/s  "
              f"({elapsed:.1f} s, success {hits / args.samples:.2f}, peak_rss={peak:.0f} MiB)",
              flush=True)


if __name__ == "__main__":
    main()
