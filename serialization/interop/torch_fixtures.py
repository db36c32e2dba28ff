#!/usr/bin/env python3
"""Writes small safetensors fixtures with PyTorch (Debian's python3-torch has no safetensors module, so the
format is written here by hand: 8-byte little-endian header length, JSON header, raw little-endian data), and
checks safetensors files that Soma wrote.

  torch_fixtures.py write DIR          # DIR/<name>.safetensors (state dict) + DIR/<name>.io.safetensors (input, output)
  torch_fixtures.py check FILE NAME    # loads Soma's FILE into the PyTorch model NAME and compares with the recorded output
"""
import json
import struct
import sys

import torch
import torch.nn as nn

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
          torch.int32: "I32", torch.uint8: "U8", torch.bool: "BOOL"}
FROM_NAME = {v: k for k, v in DTYPES.items()}


def write_safetensors(path, tensors, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().tobytes() if t.dtype not in (torch.bfloat16,) else t.view(torch.int16).numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for c in chunks:
            f.write(c)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    data = raw[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(data[b:end]), dtype=FROM_NAME[e["dtype"]]) if end > b else torch.empty(0, dtype=FROM_NAME[e["dtype"]])
        out[name] = t.reshape(e["shape"])
    return out, header.get("__metadata__", {})


class LSTMOutput(nn.LSTM):
    """nn.LSTM returning only its output sequence, so that it chains in nn.Sequential as Soma's LSTM does."""

    def forward(self, x):
        return super().forward(x)[0]


def models():
    torch.manual_seed(7)
    return {
        "mlp": (nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)), torch.randn(5, 4)),
        "activations": (nn.Sequential(nn.Linear(6, 6), nn.PReLU(6), nn.Linear(6, 4), nn.GELU(), nn.Linear(4, 3), nn.LogSoftmax(1)),
                        torch.randn(3, 6)),
        "embedding": (nn.Sequential(nn.Embedding(7, 3, padding_idx=0), nn.Flatten(), nn.Linear(6, 2)), torch.tensor([[1, 4], [0, 6]])),
        "lstm": (nn.Sequential(LSTMOutput(3, 4, num_layers=2, batch_first=True, bidirectional=True), nn.Linear(8, 2)),
                 torch.randn(2, 5, 3)),
        # In eval mode without grad, 1.13's encoder may take its fused fast path; the outputs agree within float tolerance.
        "transformer_encoder": (nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 4, dim_feedforward=32, dropout=0.0, batch_first=True),
                                                      2, norm=nn.LayerNorm(16)), torch.randn(2, 5, 16)),
    }


def main():
    if sys.argv[1] == "write":
        for name, (model, x) in models().items():
            model.eval()
            with torch.no_grad():
                y = model(x)
            write_safetensors(f"{sys.argv[2]}/{name}.safetensors", model.state_dict(), {"written_by": "torch " + torch.__version__})
            write_safetensors(f"{sys.argv[2]}/{name}.io.safetensors", {"input": x, "output": y})
        # One file with every dtype Soma reads, for the reader's conversions.
        write_safetensors(f"{sys.argv[2]}/dtypes.safetensors", {
            "f16": torch.tensor([1.5, -2.0], dtype=torch.float16), "bf16": torch.tensor([0.5, 3.0], dtype=torch.bfloat16),
            "f64": torch.tensor([0.25], dtype=torch.float64), "i32": torch.tensor([-3, 4], dtype=torch.int32),
            "u8": torch.tensor([200], dtype=torch.uint8), "b": torch.tensor([True, False])})
    elif sys.argv[1] == "check":
        tensors, meta = read_safetensors(sys.argv[2])
        model, x = models()[sys.argv[3]]
        model.load_state_dict(tensors, strict=True)
        model.eval()
        with torch.no_grad():
            y = model(x)
        print(json.dumps({"keys": list(tensors), "metadata_keys": sorted(meta), "output": y.flatten().tolist()}))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
