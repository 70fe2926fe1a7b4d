#!/usr/bin/python3
"""Independent cross-check of eesim's numerics with PyTorch.

Reads an eesim model file (.eem) with nothing but the format description (scripts/eesim_model.py:
format versions 1 and 2, layer graphs, every layer type, bottleneck encoders and decoders, the
input preprocessing), rebuilds the network in PyTorch, runs Fashion-MNIST test images through it
and compares every exit's logits with those `eesim model eval --dump` wrote. Exits 0 when the
largest absolute difference is within the tolerance, 1 when it is not, and 77 (reported as
skipped by CTest) when python3-torch is not importable.
"""
import argparse
import os
import subprocess
import sys

from eesim_model import load_or_exit
from logit_check import read_dump, read_test_pixels

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


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        print("SKIPPED: python3-torch is not importable (apt-get install python3-torch)")
        return SKIP
    torch.set_grad_enabled(False)
    model = load_or_exit(torch, args.model)

    os.makedirs(args.work_dir, exist_ok=True)
    dump = os.path.join(args.work_dir, "eesim-logits.csv")
    subprocess.run([args.eesim, "model", "eval", args.model, "--data", args.data, "--split",
                    "test", "--limit", str(args.images), "--dump", dump],
                   check=True, stdout=subprocess.DEVNULL)
    ours = read_dump(dump)

    x = model.preprocess(read_test_pixels(args.data, args.images, torch))
    worst = 0.0
    agree = 0
    for k, y in enumerate(model(x)):
        for n in range(y.shape[0]):
            reference = y[n].tolist()
            mine = ours[(n, k)]
            worst = max(worst, max(abs(a - b) for a, b in zip(reference, mine)))
            agree += int(max(range(len(mine)), key=mine.__getitem__) ==
                         max(range(len(reference)), key=reference.__getitem__))
    total = x.shape[0] * len(model.segments)
    print(f"PyTorch {torch.__version__}, {model.name}: {x.shape[0]} images x "
          f"{len(model.segments)} exits, "
          f"max |logit difference| = {worst:.3g} (tolerance {args.tolerance:g}), "
          f"same prediction in {agree}/{total}")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
