#!/usr/bin/python3
"""Independent cross-check of eesim's numerics with PyTorch.

Reads an eesim model file (.eem) with nothing but the format description, rebuilds the network
from its own layers in PyTorch, runs Fashion-MNIST test images through it and compares every
exit's logits with those `eesim model eval --dump` wrote. Exits 0 when the largest absolute
difference is within the tolerance, 1 when it is not, and 77 (reported as skipped by CTest)
when python3-torch is not importable.
"""
import argparse
import os
import struct
import subprocess
import sys
import zlib

from logit_check import read_dump, read_test_images

SKIP = 77


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eesim", required=True, help="path to the eesim executable")
    parser.add_argument("--model", required=True, help="model file (.eem)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
                        help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--images", type=int, default=1000, help="test images to compare")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max |logit difference|")
    parser.add_argument("--work-dir", default=".", help="where the dump CSV goes")
    return parser.parse_args()


def read_model(path):
    """Returns (header lines, flat list of float32 values) after checking magic, version, CRC."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"EESIMMEM":
        sys.exit(f"{path}: not an eesim model file")
    version, header_len = struct.unpack_from("<II", data, 8)
    if version != 1:
        sys.exit(f"{path}: unsupported format version {version}")
    header = data[16:16 + header_len].decode("utf-8")
    (count,) = struct.unpack_from("<Q", data, 16 + header_len)
    start = 24 + header_len
    values = struct.unpack_from(f"<{count}f", data, start)
    (crc,) = struct.unpack_from("<I", data, start + 4 * count)
    if zlib.crc32(data[:start + 4 * count]) != crc:
        sys.exit(f"{path}: checksum mismatch")
    return header.splitlines(), values


def parse_layer(text):
    fields = text.split()
    attrs = {}
    for item in fields[1:]:
        key, value = item.split("=", 1)
        attrs[key] = float(value)
    return fields[0], attrs


def build_layer(torch, kind, a, take):
    """A torch module for one eesim layer; `take(n, shape)` pops the next n values."""
    nn = torch.nn
    if kind == "conv2d":
        cin, cout, k = int(a["in_channels"]), int(a["out_channels"]), int(a["kernel"])
        m = nn.Conv2d(cin, cout, k, stride=int(a["stride"]), padding=int(a["padding"]))
        m.weight.data = take(cout * cin * k * k, (cout, cin, k, k))
        m.bias.data = take(cout, (cout,))
        return m
    if kind == "linear":
        cin, cout = int(a["in_features"]), int(a["out_features"])
        m = nn.Linear(cin, cout)
        m.weight.data = take(cout * cin, (cout, cin))
        m.bias.data = take(cout, (cout,))
        return m
    if kind == "batch_norm":
        c = int(a["channels"])
        m = nn.BatchNorm2d(c, eps=a["epsilon"])
        m.weight.data, m.bias.data = take(c, (c,)), take(c, (c,))
        m.running_mean.data, m.running_var.data = take(c, (c,)), take(c, (c,))
        return Unflat(m)
    if kind == "max_pool":
        return nn.MaxPool2d(int(a["kernel"]), stride=int(a["stride"]))
    if kind == "relu":
        return nn.ReLU()
    if kind == "flatten":
        return nn.Flatten()
    sys.exit(f"unknown layer type {kind}")


class Unflat:
    """Batch norm on flat (N, C) features: PyTorch's BatchNorm2d wants 4-D input."""

    def __init__(self, module):
        self.module = module

    def __call__(self, x):
        if x.dim() == 2:
            return self.module(x[:, :, None, None])[:, :, 0, 0]
        return self.module(x)

    def eval(self):
        self.module.eval()
        return self


def build_model(torch, lines, values):
    position = [0]

    def take(n, shape):
        chunk = values[position[0]:position[0] + n]
        position[0] += n
        return torch.tensor(chunk, dtype=torch.float32).reshape(shape)

    segments = []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        if keyword == "segment":
            segments.append(([], []))
        elif keyword in ("body", "exit"):
            kind, attrs = parse_layer(rest)
            layer = build_layer(torch, kind, attrs, take)
            layer.eval()
            segments[-1][0 if keyword == "body" else 1].append(layer)
    if position[0] != len(values):
        sys.exit(f"used {position[0]} of {len(values)} values: the layouts disagree")
    return segments


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        print("SKIPPED: python3-torch is not importable (apt-get install python3-torch)")
        return SKIP
    torch.set_grad_enabled(False)
    lines, values = read_model(args.model)
    segments = build_model(torch, lines, values)

    os.makedirs(args.work_dir, exist_ok=True)
    dump = os.path.join(args.work_dir, "eesim-logits.csv")
    subprocess.run([args.eesim, "model", "eval", args.model, "--data", args.data, "--split",
                    "test", "--limit", str(args.images), "--dump", dump],
                   check=True, stdout=subprocess.DEVNULL)
    ours = read_dump(dump)

    x = read_test_images(args.data, args.images, torch)
    worst = 0.0
    agree = 0
    for k, (body, head) in enumerate(segments):
        for layer in body:
            x = layer(x)
        y = x
        for layer in head:
            y = layer(y)
        for n in range(y.shape[0]):
            reference = y[n].tolist()
            mine = ours[(n, k)]
            worst = max(worst, max(abs(a - b) for a, b in zip(reference, mine)))
            agree += int(max(range(len(mine)), key=mine.__getitem__) ==
                         max(range(len(reference)), key=reference.__getitem__))
    total = x.shape[0] * len(segments)
    print(f"PyTorch {torch.__version__}: {x.shape[0]} images x {len(segments)} exits, "
          f"max |logit difference| = {worst:.3g} (tolerance {args.tolerance:g}), "
          f"same prediction in {agree}/{total}")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
