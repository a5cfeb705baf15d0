#!/usr/bin/python3
"""Reference timings for bench/model_forward.cpp: the same model shapes built from
torchaudio's wav2vec2 components (feature extractor + transformer encoder, as transformers'
Wav2Vec2ForSequenceClassification) plus the projector / mean-pool / classifier head, timed
in the same modes, with the same output line (ms/iter, utt/s, peak RSS so far):

  forward  no-grad forward, eval mode
  input    forward and backward to the input only, parameters frozen (PGD's pass), eval mode
  params   forward and backward to the input and every parameter, eval mode ("backward")
  train    a fine-tuning step in train mode: forward, backward, clipping at 1.0, Adam

The presets mirror ModelConfig::preset (src/model/config_presets.cpp); keep them in sync.
Run with Debian's python3 (python3-torch, python3-torchaudio):

  /usr/bin/python3 tools/bench_reference.py [--preset tiny,base] [--seconds 1,3] [--batch 1,8]
      [--mode forward,input,params,train] [--iters 5] [--warmup 1] [--threads N] [--profile]
      [--profile-rows 15]

--profile prints torch.profiler's operator table (self CPU time) for each configuration, its
--profile-rows most expensive operators.
"""

import argparse
import ctypes
import resource
import time

import torch
import torchaudio

STANDARD_KERNELS = [10, 3, 3, 3, 3, 2, 2]
STANDARD_STRIDES = [5, 2, 2, 2, 2, 2, 2]

PRESETS = {
    # emoforget's `tiny` (model/config_presets.cpp): LayerNorm after every convolution, conv
    # bias, pre-LN encoder, no LayerDrop.
    "tiny": dict(conv=64, norm="layer_norm", conv_bias=True, hidden=128, layers=4, heads=4,
                 ffn=256, pos_kernel=32, pos_groups=16, layer_norm_first=True, proj=64,
                 layer_drop=0.0, mask_time=False),
    "base": dict(conv=512, norm="group_norm", conv_bias=False, hidden=768, layers=12, heads=12,
                 ffn=3072, pos_kernel=128, pos_groups=16, layer_norm_first=False, proj=256,
                 layer_drop=0.1, mask_time=True),
    "large": dict(conv=512, norm="layer_norm", conv_bias=True, hidden=1024, layers=24, heads=16,
                  ffn=4096, pos_kernel=128, pos_groups=16, layer_norm_first=True, proj=256,
                  layer_drop=0.1, mask_time=True),
}
NUM_LABELS = 4


class Classifier(torch.nn.Module):
    def __init__(self, p):
        super().__init__()
        self.backbone = torchaudio.models.wav2vec2_model(
            extractor_mode=p["norm"],
            extractor_conv_layer_config=[(p["conv"], k, s)
                                         for k, s in zip(STANDARD_KERNELS, STANDARD_STRIDES)],
            extractor_conv_bias=p["conv_bias"],
            encoder_embed_dim=p["hidden"],
            encoder_projection_dropout=0.0,
            encoder_pos_conv_kernel=p["pos_kernel"],
            encoder_pos_conv_groups=p["pos_groups"],
            encoder_num_layers=p["layers"],
            encoder_num_heads=p["heads"],
            encoder_attention_dropout=0.1,
            encoder_ff_interm_features=p["ffn"],
            encoder_ff_interm_dropout=0.0,
            encoder_dropout=0.1,
            encoder_layer_norm_first=p["layer_norm_first"],
            encoder_layer_drop=p["layer_drop"],
            aux_num_out=None,
        )
        if p["mask_time"]:
            # transformers' SpecAugment vector (emoforget's model holds it too); torchaudio's
            # model has no time masking, so it stays unused and the counts match.
            self.masked_spec_embed = torch.nn.Parameter(torch.zeros(p["hidden"]))
        self.projector = torch.nn.Linear(p["hidden"], p["proj"])
        self.classifier = torch.nn.Linear(p["proj"], NUM_LABELS)

    def forward(self, x):
        hidden, _ = self.backbone(x)
        return self.classifier(self.projector(hidden).mean(dim=1))


def csv(kind):
    return lambda text: [kind(item) for item in text.split(",") if item]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", type=csv(str), default=["tiny", "base"])
    parser.add_argument("--seconds", type=csv(float), default=[1.0, 3.0])
    parser.add_argument("--batch", type=csv(int), default=[1, 8])
    parser.add_argument("--mode", type=csv(str), default=["forward", "input", "params", "train"])
    parser.add_argument("--iters", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-rows", type=int, default=15)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast (CUDA)")
    args = parser.parse_args()
    args.mode = ["params" if mode == "backward" else mode for mode in args.mode]
    for mode in args.mode:
        if mode not in ("forward", "input", "params", "train"):
            parser.error(f"unknown --mode {mode} (forward, input, params, train)")
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"threads={torch.get_num_threads()} torch={torch.__version__} "
          f"torchaudio={torchaudio.__version__} iters={args.iters} warmup={args.warmup} "
          f"blas={blas_core_name()}")
    for preset in args.preset:
        device = torch.device(args.device)
        model = Classifier(PRESETS[preset]).to(device).eval()
        params = sum(p.numel() for p in model.parameters())
        print(f"preset={preset} params={params} config: {PRESETS[preset]}")
        for mode in args.mode:
            model.train(mode == "train")
            for p in model.parameters():
                p.requires_grad_(mode != "input")
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)
            for seconds in args.seconds:
                for batch in args.batch:
                    x = torch.randn(batch, int(seconds * 16000), device=device)
                    targets = torch.zeros(batch, dtype=torch.long, device=device)

                    def step():
                        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.bf16):
                            one_step()
                        if device.type == "cuda":
                            torch.cuda.synchronize()

                    def one_step():
                        if mode == "forward":
                            with torch.no_grad():
                                model(x)
                        elif mode == "input":
                            xi = x.clone().requires_grad_(True)
                            loss = torch.nn.functional.cross_entropy(model(xi), targets)
                            torch.autograd.grad(loss, xi)
                        elif mode == "params":
                            model.zero_grad()
                            xi = x.clone().requires_grad_(True)
                            torch.nn.functional.cross_entropy(model(xi), targets).backward()
                        else:
                            optimizer.zero_grad()
                            torch.nn.functional.cross_entropy(model(x), targets).backward()
                            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                            optimizer.step()

                    for _ in range(args.warmup):
                        step()
                    profiler = torch.profiler.profile() if args.profile else None
                    if profiler:
                        profiler.__enter__()
                    start = time.perf_counter()
                    for _ in range(args.iters):
                        step()
                    ms = (time.perf_counter() - start) * 1000.0 / args.iters
                    if profiler:
                        profiler.__exit__(None, None, None)
                    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
                    print(f"preset={preset:<5} mode={mode:<8} seconds={seconds:.1f} "
                          f"batch={batch:<3} {ms:10.2f} ms/iter {1000.0 * batch / ms:10.1f} utt/s"
                          f"  peak_rss={peak:.0f} MiB", flush=True)
                    if profiler:
                        print(profiler.key_averages().table(sort_by="self_cpu_time_total",
                                                            row_limit=args.profile_rows), flush=True)


def blas_core_name():
    """The kernels OpenBLAS runs (as OPENBLAS_CORETYPE names them), or "" without OpenBLAS."""
    try:
        get = ctypes.CDLL("libopenblas.so.0").openblas_get_corename  # the copy torch loaded
    except (OSError, AttributeError):
        return ""
    get.restype = ctypes.c_char_p
    return get().decode()


if __name__ == "__main__":
    main()
