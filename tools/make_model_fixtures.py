#!/usr/bin/python3
"""Writes the model parity fixtures under tests/fixtures/model/<case>/.

Each case is a tiny random-weight Wav2Vec2 / HuBERT checkpoint in the Hugging
Face directory layout (config.json + model.safetensors, or pytorch_model.bin)
plus expected.safetensors with the reference results of a Python model built
from torchaudio's wav2vec2 components, composed exactly as transformers'
Wav2Vec2ForSequenceClassification / HubertForSequenceClassification:

  input_values (B, T), targets (B,) int64, logits (B, C), loss (1,),
  hidden_state_<i> (B, F, H) for i = 0..num_hidden_layers (HF output_hidden_states),
  grad_input (B, T) and grad/<hf name> for every parameter that receives a
  gradient of the mean cross-entropy of logits against targets (eval mode).

The pretraining case (backbone + quantizer, no head) stores input_values and
the backbone hidden states only.

Key names: torchaudio's feature_extractor.*, encoder.feature_projection.* and
encoder.transformer.* hold the same sub-module names as transformers'
wav2vec2.feature_extractor.*, wav2vec2.feature_projection.* and wav2vec2.encoder.*
(torchaudio's own import_huggingface_model loads one from the other that way; q/k/v
projections are separate Linear layers in both). HuBERT uses the `hubert.` prefix.
Hidden states follow transformers' encoders: post-LN [LN(x + pos), out_1, ..., out_L];
stable layer norm [x + pos, out_1, ..., out_{L-1}, LN(out_L)].

Debian's torch 1.13 computes a wrong exact-GELU backward when the incoming
gradient is non-contiguous; the script replaces GELU with an autograd function
that makes the gradient contiguous first, and checks every float32 gradient
against a float64 run of the same model.

Deterministic: fixed seeds, no other source of randomness. Run with Debian's
python3 (python3-torch, python3-torchaudio):

  /usr/bin/python3 tools/make_model_fixtures.py [--out tests/fixtures/model]
"""

import argparse
import json
import math
import pathlib
import shutil
import struct

import torch
import torchaudio
from torchaudio.models import wav2vec2_model

_torch_gelu = torch.nn.functional.gelu


class ExactGelu(torch.autograd.Function):
    """gelu(x) = x * Phi(x), with a backward that is correct for any gradient layout."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _torch_gelu(x)

    @staticmethod
    def backward(ctx, grad_output):
        (x,) = ctx.saved_tensors
        grad_output = grad_output.contiguous()
        cdf = 0.5 * (1.0 + torch.erf(x * (1.0 / math.sqrt(2.0))))
        pdf = torch.exp(-0.5 * x * x) * (1.0 / math.sqrt(2.0 * math.pi))
        return grad_output * (cdf + x * pdf)


def fixed_gelu(x, approximate="none"):
    if approximate != "none":
        raise ValueError("only the exact GELU is used by these models")
    return ExactGelu.apply(x)


# torchaudio's components call torch.nn.functional.gelu at run time.
torch.nn.functional.gelu = fixed_gelu

BATCH = 2
SAMPLES = 2000
LABELS = ["angry", "happy", "neutral", "sad"]

CASES = {
    # wav2vec2-base style: group norm in the first conv, post-LN transformer.
    "w2v2_base": dict(model_type="wav2vec2", feat_extract_norm="group", do_stable_layer_norm=False,
                      conv_bias=False, hidden=24, heads=2, intermediate=48, layers=2,
                      conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=5, pos_groups=2,
                      proj=8, weighted=False, naming="old", weights="safetensors",
                      masked_spec_embed=True, seed=101),
    # wav2vec2-large-lv60 style: layer norm in every conv, conv bias, stable layer norm.
    "w2v2_large_stable": dict(model_type="wav2vec2", feat_extract_norm="layer", do_stable_layer_norm=True,
                              conv_bias=True, hidden=32, heads=4, intermediate=64, layers=2,
                              conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=7, pos_groups=4,
                              proj=8, weighted=False, naming="new", weights="safetensors",
                              masked_spec_embed=False, seed=202),
    # softmax(layer_weights)-weighted sum of all hidden states (stable layer norm, so the
    # first and last hidden states differ from the plain layer outputs).
    "w2v2_weighted_sum": dict(model_type="wav2vec2", feat_extract_norm="layer", do_stable_layer_norm=True,
                              conv_bias=True, hidden=16, heads=2, intermediate=32, layers=2,
                              conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=5, pos_groups=2,
                              proj=8, weighted=True, naming="old", weights="safetensors",
                              masked_spec_embed=False, seed=303),
    "hubert_base": dict(model_type="hubert", feat_extract_norm="group", do_stable_layer_norm=False,
                        conv_bias=False, hidden=24, heads=3, intermediate=48, layers=2,
                        conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=5, pos_groups=3,
                        proj=8, weighted=False, naming="old", weights="safetensors",
                        masked_spec_embed=False, seed=404),
    # even positional-conv kernel: the last output frame of the convolution is dropped.
    "w2v2_even_kernel": dict(model_type="wav2vec2", feat_extract_norm="group", do_stable_layer_norm=False,
                             conv_bias=False, hidden=16, heads=2, intermediate=32, layers=2,
                             conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=6, pos_groups=2,
                             proj=8, weighted=False, naming="new", weights="safetensors",
                             masked_spec_embed=False, seed=505),
    # Wav2Vec2ForPreTraining checkpoint: backbone + quantizer + projections, no head.
    "w2v2_pretraining": dict(model_type="wav2vec2", feat_extract_norm="group", do_stable_layer_norm=False,
                             conv_bias=False, hidden=16, heads=2, intermediate=32, layers=2,
                             conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=4, pos_groups=2,
                             proj=None, weighted=False, naming="old", weights="safetensors",
                             masked_spec_embed=True, seed=606),
    # the same classifier layout stored as a torch.save state dict.
    "w2v2_bin": dict(model_type="wav2vec2", feat_extract_norm="group", do_stable_layer_norm=False,
                     conv_bias=False, hidden=16, heads=2, intermediate=32, layers=2,
                     conv=[(16, 10, 5), (16, 3, 2), (16, 2, 2)], pos_kernel=5, pos_groups=2,
                     proj=8, weighted=False, naming="old", weights="bin",
                     masked_spec_embed=False, seed=707),
}

PRETRAIN = dict(codevector_dim=8, proj_codevector_dim=8, num_codevector_groups=2, num_codevectors_per_group=4)


class Reference(torch.nn.Module):
    """torchaudio backbone + HF-style head; forward returns (logits, hidden_states)."""

    def __init__(self, case):
        super().__init__()
        self.case = case
        self.backbone = wav2vec2_model(
            extractor_mode="group_norm" if case["feat_extract_norm"] == "group" else "layer_norm",
            extractor_conv_layer_config=case["conv"], extractor_conv_bias=case["conv_bias"],
            encoder_embed_dim=case["hidden"], encoder_projection_dropout=0.0,
            encoder_pos_conv_kernel=case["pos_kernel"], encoder_pos_conv_groups=case["pos_groups"],
            encoder_num_layers=case["layers"], encoder_num_heads=case["heads"],
            encoder_attention_dropout=0.0, encoder_ff_interm_features=case["intermediate"],
            encoder_ff_interm_dropout=0.0, encoder_dropout=0.0,
            encoder_layer_norm_first=case["do_stable_layer_norm"], encoder_layer_drop=0.0, aux_num_out=None)
        hidden = case["hidden"]
        if case["masked_spec_embed"]:
            self.masked_spec_embed = torch.nn.Parameter(torch.zeros(hidden))
        if case["proj"] is not None:
            self.projector = torch.nn.Linear(hidden, case["proj"])
            self.classifier = torch.nn.Linear(case["proj"], len(LABELS))
            if case["weighted"]:
                self.layer_weights = torch.nn.Parameter(torch.ones(case["layers"] + 1) / (case["layers"] + 1))
        else:
            g, v = PRETRAIN["num_codevector_groups"], PRETRAIN["num_codevectors_per_group"]
            self.quantizer_codevectors = torch.nn.Parameter(torch.zeros(1, g * v, PRETRAIN["codevector_dim"] // g))
            self.quantizer_weight_proj = torch.nn.Linear(case["conv"][-1][0], g * v)
            self.project_hid = torch.nn.Linear(hidden, PRETRAIN["proj_codevector_dim"])
            self.project_q = torch.nn.Linear(PRETRAIN["codevector_dim"], PRETRAIN["proj_codevector_dim"])

    def hidden_states(self, x):
        """HF output_hidden_states: post-LN [LN(x+pos), out_1..out_L]; stable [x+pos, out_1..out_{L-1}, LN(out_L)]."""
        stable = self.case["do_stable_layer_norm"]
        features, _ = self.backbone.feature_extractor(x, None)
        h = self.backbone.encoder.feature_projection(features)
        transformer = self.backbone.encoder.transformer
        h = h + transformer.pos_conv_embed(h)
        if not stable:
            h = transformer.layer_norm(h)
        states = []
        for layer in transformer.layers:
            states.append(h)
            h = layer(h)
        if stable:
            h = transformer.layer_norm(h)
        states.append(h)
        return states

    def forward(self, x):
        states = self.hidden_states(x)
        if self.case["proj"] is None:
            return None, states
        if self.case["weighted"]:
            weights = torch.softmax(self.layer_weights, dim=-1)
            pooled_in = (torch.stack(states, dim=1) * weights.view(-1, 1, 1)).sum(dim=1)
        else:
            pooled_in = states[-1]
        pooled = self.projector(pooled_in).mean(dim=1)
        return self.classifier(pooled), states


def hf_name(case, name):
    """Maps a Reference parameter name to its Hugging Face checkpoint key."""
    prefix = "hubert." if case["model_type"] == "hubert" else "wav2vec2."
    if name.startswith("backbone."):
        name = name[len("backbone."):]
        if name.startswith("encoder.feature_projection."):
            name = name[len("encoder."):]
        elif name.startswith("encoder.transformer."):
            name = "encoder." + name[len("encoder.transformer."):]
        elif not name.startswith("feature_extractor."):
            raise KeyError(f"unmapped torchaudio parameter {name}")
        if case["naming"] == "new":
            name = name.replace("pos_conv_embed.conv.weight_g", "pos_conv_embed.conv.parametrizations.weight.original0")
            name = name.replace("pos_conv_embed.conv.weight_v", "pos_conv_embed.conv.parametrizations.weight.original1")
        return prefix + name
    if name == "masked_spec_embed":
        return prefix + name
    if name.startswith("quantizer_"):
        return "quantizer." + name[len("quantizer_"):]
    return name


def randomise(model, generator):
    """Non-trivial values everywhere, scaled so activations stay O(1)."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=generator)
            if name.endswith("weight_g"):
                p.copy_(0.5 + torch.rand(p.shape, generator=generator))
            elif "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.3 * noise)
            elif name.endswith("bias") or name in ("masked_spec_embed", "layer_weights"):
                p.copy_(0.3 * noise)
            elif p.dim() >= 2:
                fan_in = p[0].numel()
                p.copy_(noise / math.sqrt(fan_in))
            else:
                p.copy_(noise)


def named_hf_parameters(model):
    return [(hf_name(model.case, n), p) for n, p in model.named_parameters()]


def run_with_grads(model, x, targets):
    x = x.clone().requires_grad_(True)
    model.zero_grad(set_to_none=True)
    logits, states = model(x)
    loss = torch.nn.functional.cross_entropy(logits, targets)
    loss.backward()
    grads = {hf: p.grad.detach().clone() for hf, p in named_hf_parameters(model) if p.grad is not None}
    return logits.detach(), [s.detach() for s in states], loss.detach(), x.grad.detach().clone(), grads


def max_rel(a, b, floor=0.0):
    """max|a-b| / max(max|b|, floor): the metric the C++ parity tests use."""
    scale = max(b.abs().max().item(), floor)
    return (a.double() - b.double()).abs().max().item() / (scale if scale > 0 else 1.0)


def grad_floor(grads):
    """Some gradients are exactly zero in exact arithmetic (attention k_proj.bias: softmax is
    shift-invariant), so each gradient is normalised by at least 1e-3 of the largest one."""
    return 1e-3 * max(g.abs().max().item() for g in grads.values())


def check_against_float64(model, x, targets, fp32):
    model64 = Reference(model.case)
    model64.load_state_dict(model.state_dict())
    model64.double().eval()
    logits64, states64, _, grad_x64, grads64 = run_with_grads(model64, x.double(), targets)
    logits, states, _, grad_x, grads = fp32
    worst = {"logits": max_rel(logits, logits64), "grad_input": max_rel(grad_x, grad_x64)}
    worst["hidden_states"] = max(max_rel(s, s64) for s, s64 in zip(states, states64))
    assert grads.keys() == grads64.keys()
    floor = grad_floor(grads64)
    worst["grad/*"] = max(max_rel(grads[k], grads64[k], floor) for k in grads)
    for what, err in worst.items():
        assert err < 1e-3, f"float32 vs float64 {what}: max rel err {err:.3e}"
    # the same float32 run with torch's own GELU backward, to show what the fix guards against.
    torch.nn.functional.gelu = _torch_gelu
    try:
        _, _, _, grad_x_torch, grads_torch = run_with_grads(model, x, targets)
    finally:
        torch.nn.functional.gelu = fixed_gelu
    worst["unfixed grad/*"] = max(max_rel(grads_torch[k], grads64[k], floor) for k in grads)
    worst["unfixed grad_input"] = max_rel(grad_x_torch, grad_x64)
    return worst


def write_safetensors(path, tensors, metadata=None):
    """safetensors: u64 LE header length, JSON header (padded to 8 bytes), raw little-endian data."""
    dtypes = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtypes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = metadata or {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def hf_config(case):
    hubert = case["model_type"] == "hubert"
    config = {
        "model_type": case["model_type"],
        "hidden_size": case["hidden"],
        "num_hidden_layers": case["layers"],
        "num_attention_heads": case["heads"],
        "intermediate_size": case["intermediate"],
        "hidden_act": "gelu",
        "hidden_dropout": 0.1,
        "activation_dropout": 0.0,
        "attention_dropout": 0.1,
        "feat_proj_dropout": 0.0,
        "final_dropout": 0.1,
        "layerdrop": 0.1,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-05,
        "feat_extract_norm": case["feat_extract_norm"],
        "feat_extract_activation": "gelu",
        "conv_dim": [c[0] for c in case["conv"]],
        "conv_kernel": [c[1] for c in case["conv"]],
        "conv_stride": [c[2] for c in case["conv"]],
        "conv_bias": case["conv_bias"],
        "num_feat_extract_layers": len(case["conv"]),
        "num_conv_pos_embeddings": case["pos_kernel"],
        "num_conv_pos_embedding_groups": case["pos_groups"],
        "do_stable_layer_norm": case["do_stable_layer_norm"],
        "apply_spec_augment": True,
        "mask_time_prob": 0.05 if case["masked_spec_embed"] else 0.0,
        "mask_time_length": 10,
        "mask_feature_prob": 0.0,
        "mask_feature_length": 10,
        "ctc_loss_reduction": "sum",
        "ctc_zero_infinity": False,
        "vocab_size": 32,
        "pad_token_id": 0,
        "bos_token_id": 1,
        "eos_token_id": 2,
        "torch_dtype": "float32",
        "transformers_version": "4.30.2",
    }
    if hubert:
        config["feat_proj_layer_norm"] = True
        config["architectures"] = ["HubertForSequenceClassification"]
    else:
        config["feat_extract_dropout"] = 0.0
        config["num_codevectors_per_group"] = PRETRAIN["num_codevectors_per_group"]
        config["num_codevector_groups"] = PRETRAIN["num_codevector_groups"]
        config["codevector_dim"] = PRETRAIN["codevector_dim"]
        config["proj_codevector_dim"] = PRETRAIN["proj_codevector_dim"]
        config["contrastive_logits_temperature"] = 0.1
        config["num_negatives"] = 100
        config["diversity_loss_weight"] = 0.1
        config["feat_quantizer_dropout"] = 0.0
        config["architectures"] = ["Wav2Vec2ForSequenceClassification"]
    if case["proj"] is None:
        config["architectures"] = ["Wav2Vec2ForPreTraining"]
    else:
        config["use_weighted_layer_sum"] = case["weighted"]
        config["classifier_proj_size"] = case["proj"]
        config["id2label"] = {str(i): name for i, name in enumerate(LABELS)}
        config["label2id"] = {name: i for i, name in enumerate(LABELS)}
        config["num_labels"] = len(LABELS)
    return dict(sorted(config.items()))


def make_case(name, case, out_root):
    generator = torch.Generator().manual_seed(case["seed"])
    model = Reference(case)
    randomise(model, generator)
    model.eval()
    x = torch.randn(BATCH, SAMPLES, generator=generator)
    x = (x - x.mean(dim=1, keepdim=True)) / torch.sqrt(x.var(dim=1, keepdim=True, unbiased=False) + 1e-7)

    # the composition above must agree with torchaudio's own forward.
    with torch.no_grad():
        states = model.hidden_states(x)
        if not case["do_stable_layer_norm"]:
            torchaudio_out, _ = model.backbone(x)
            assert torch.allclose(torchaudio_out, states[-1], atol=1e-6)

    out = out_root / name
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    weights = {hf: p.detach().clone() for hf, p in named_hf_parameters(model)}
    if case["weights"] == "bin":
        torch.save(weights, out / "pytorch_model.bin")
    else:
        write_safetensors(out / "model.safetensors", weights)
    (out / "config.json").write_text(json.dumps(hf_config(case), indent=2) + "\n")

    expected = {"input_values": x}
    report = {}
    if case["proj"] is None:
        with torch.no_grad():
            for i, s in enumerate(states):
                expected[f"hidden_state_{i}"] = s
    else:
        targets = torch.tensor([1, 3], dtype=torch.int64)
        fp32 = run_with_grads(model, x, targets)
        logits, states, loss, grad_x, grads = fp32
        report = check_against_float64(model, x, targets, fp32)
        expected.update({"targets": targets, "logits": logits, "loss": loss.reshape(1), "grad_input": grad_x})
        for i, s in enumerate(states):
            expected[f"hidden_state_{i}"] = s
        for hf, g in grads.items():
            expected["grad/" + hf] = g
    write_safetensors(out / "expected.safetensors", expected)
    size = sum(f.stat().st_size for f in out.iterdir())
    worst = ", ".join(f"{k} {v:.1e}" for k, v in report.items() if k != "hidden_states")
    print(f"{name}: {size} bytes; {len(weights)} tensors; fp32 vs fp64 max rel err: {worst or 'n/a'}")
    return size


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    root = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--out", type=pathlib.Path, default=root / "tests" / "fixtures" / "model")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}")
    total = sum(make_case(name, case, args.out) for name, case in CASES.items())
    print(f"total: {total} bytes")
    assert total < 2_000_000, "fixtures must stay below 2 MB"


if __name__ == "__main__":
    main()
