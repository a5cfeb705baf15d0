#!/usr/bin/python3
"""Writes the tensor-file fixtures of tests/model and the fuzz seed corpus.

Deterministic: fixed seeds, fixed archive names. Needs python3 and Debian's
python3-torch (scripts/install-deps.sh --reference). The safetensors package is not
packaged for Debian, so safetensors files are written by hand with struct + json,
following the reference writer (sorted names, header padded with spaces to 8 bytes).

Outputs (tests/fixtures/tensor_files/):
  valid.safetensors            F32, F16, BF16, I64, F64, I32 and a 0-d tensor
  valid.expected.json          the same tensors as {name: {dtype, shape, values}}
  state_dict.bin               torch.save of an OrderedDict: float, half, bfloat16, long,
                               double, int, a parameter, a scalar, a transposed
                               (non-contiguous) view and an offset view sharing storage
  state_dict.expected.json     the values of state_dict.bin, as above
  module_state_dict.bin        torch.save of nn.Module.state_dict() (carries _metadata)
  malicious_os_system.bin      a torch.save whose pickle calls os.system('echo pwned')
  malicious_eval.bin           a zip whose data.pkl calls builtins.eval
Outputs (fuzz/corpus/): seeds for the safetensors, pytorch_bin and pickle fuzzers.
"""
import collections
import io
import json
import os
import pathlib
import struct
import tempfile
import zipfile

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "tensor_files"
CORPUS = ROOT / "fuzz" / "corpus"

SAFETENSORS_DTYPES = {
    torch.float32: ("F32", "<f4"),
    torch.float16: ("F16", "<f2"),
    torch.bfloat16: ("BF16", None),
    torch.float64: ("F64", "<f8"),
    torch.int64: ("I64", "<i8"),
    torch.int32: ("I32", "<i4"),
}


def tensor_bytes(tensor):
    """Little-endian contiguous bytes of a CPU tensor."""
    tensor = tensor.contiguous()
    if tensor.dtype == torch.bfloat16:
        # bfloat16 is the upper half of a float32: view as int16 to get raw bytes.
        return tensor.view(torch.int16).numpy().astype("<i2").tobytes()
    _, numpy_type = SAFETENSORS_DTYPES[tensor.dtype]
    return tensor.numpy().astype(numpy_type).tobytes()


def safetensors_bytes(tensors, metadata=None):
    metadata = {"format": "pt"} if metadata is None else metadata
    header = {"__metadata__": metadata}
    data = b""
    for name in sorted(tensors):
        tensor = tensors[name]
        raw = tensor_bytes(tensor)
        header[name] = {
            "dtype": SAFETENSORS_DTYPES[tensor.dtype][0],
            "shape": list(tensor.shape),
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data


def expected_json(tensors):
    """{name: {dtype, shape, values}}; every value is exact in a JSON double."""
    out = {}
    for name, tensor in tensors.items():
        values = tensor.contiguous().reshape(-1)
        if values.is_floating_point():
            values = values.double()
        out[name] = {
            "dtype": str(tensor.dtype).replace("torch.", ""),
            "shape": list(tensor.shape),
            "values": values.tolist(),
        }
    return json.dumps(out, indent=1, sort_keys=True) + "\n"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def torch_save_bytes(obj, archive_name):
    """torch.save into memory. torch names the zip's top folder after the file it
    writes, so saving to `archive_name` fixes that folder; the output is deterministic."""
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / archive_name
        torch.save(obj, path)
        return path.read_bytes()


def safetensors_fixtures():
    generator = torch.Generator().manual_seed(1234)
    tensors = {
        "encoder.weight": torch.randn(2, 3, generator=generator),
        "encoder.bias_half": torch.randn(4, generator=generator).half(),
        "encoder.norm_bf16": torch.randn(3, generator=generator).bfloat16(),
        "labels.ids": torch.arange(-2, 4, dtype=torch.int64).reshape(2, 3) * 1000000007,
        "head.double": torch.randn(2, 2, generator=generator).double(),
        "head.int": torch.tensor([-7, 0, 2147483647], dtype=torch.int32),
        "scale": torch.tensor(0.5),
    }
    data = safetensors_bytes(tensors)
    write(FIXTURES / "valid.safetensors", data)
    write(FIXTURES / "valid.expected.json", expected_json(tensors))
    write(CORPUS / "safetensors" / "valid.safetensors", data)
    write(CORPUS / "safetensors" / "empty.safetensors", safetensors_bytes({}, {}))
    write(CORPUS / "safetensors" / "one_f16.safetensors",
          safetensors_bytes({"w": torch.ones(2, 2).half()}, {"format": "pt", "note": "x"}))


def state_dict_fixtures():
    generator = torch.Generator().manual_seed(5678)
    base = torch.randn(3, 4, generator=generator)
    state = collections.OrderedDict()
    state["linear.weight"] = base
    state["linear.weight_t"] = base.t()            # non-contiguous view, shared storage
    state["linear.row1"] = base[1]                 # storage offset 4, shared storage
    state["linear.col2"] = base[:, 2]              # offset 2, stride 4
    state["norm.half"] = torch.randn(5, generator=generator).half()
    state["norm.bf16"] = torch.randn(3, generator=generator).bfloat16()
    state["counts"] = torch.tensor([3, -1, 1 << 40])
    state["double"] = torch.randn(2, generator=generator).double()
    state["int"] = torch.tensor([1, -2, 3], dtype=torch.int32)
    state["param"] = torch.nn.Parameter(torch.randn(2, 2, generator=generator))
    state["scalar"] = torch.tensor(2.25)
    state["empty"] = torch.zeros(0, 3)
    data = torch_save_bytes(state, "state_dict")
    write(FIXTURES / "state_dict.bin", data)
    write(FIXTURES / "state_dict.expected.json",
          expected_json({name: tensor.detach() for name, tensor in state.items()}))
    write(CORPUS / "pytorch_bin" / "state_dict.bin", data)
    pickle = zipfile.ZipFile(io.BytesIO(data)).read("state_dict/data.pkl")
    write(CORPUS / "pickle" / "state_dict.pkl", pickle)

    torch.manual_seed(42)
    module = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.LayerNorm(2))
    data = torch_save_bytes(module.state_dict(), "archive")
    write(FIXTURES / "module_state_dict.bin", data)
    write(CORPUS / "pytorch_bin" / "module_state_dict.bin", data)
    write(CORPUS / "pickle" / "module_state_dict.pkl",
          zipfile.ZipFile(io.BytesIO(data)).read("archive/data.pkl"))


class RunsShellCommand:
    """Unpickling this object runs a shell command: what the reader must refuse."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def malicious_fixtures():
    state = collections.OrderedDict(weight=torch.ones(2), evil=RunsShellCommand())
    write(FIXTURES / "malicious_os_system.bin", torch_save_bytes(state, "archive"))

    # A hand-written protocol-2 pickle calling builtins.eval, in a torch-style zip.
    pickle = b"\x80\x02cbuiltins\neval\nq\x00X\x0b\x00\x00\x00print('hi')q\x01\x85q\x02Rq\x03."
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for name, payload in (("archive/data.pkl", pickle), ("archive/version", b"3\n")):
            target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), payload)
    write(FIXTURES / "malicious_eval.bin", out.getvalue())
    write(CORPUS / "pickle" / "eval.pkl", pickle)


def main():
    safetensors_fixtures()
    state_dict_fixtures()
    malicious_fixtures()


if __name__ == "__main__":
    main()
