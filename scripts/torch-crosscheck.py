#!/usr/bin/python3
"""Independent cross-check of eesim's numerics with PyTorch.

Reads an eesim model file (.eem) with nothing but the format description (scripts/eesim_model.py:
format versions 1 and 2, layer graphs, every layer type, bottleneck encoders and decoders, the
input preprocessing), rebuilds the network in PyTorch, runs Fashion-MNIST test images through it
and compares every exit's logits with those `eesim model eval --dump` wrote. With
`--expect-correct`, PyTorch also answers the whole test split and its correct answers per exit
must be those given (the model card's, which eesim's own tests reproduce): the counts are then
pinned by an implementation that is not eesim's. Exits 0 when everything agrees, 1 when not, and
77 (reported as skipped by CTest) when python3-torch is not importable.
"""
import argparse
import os
import subprocess
import sys

from eesim_model import load_or_exit
from logit_check import read_dump, read_test_labels, read_test_pixels

SKIP = 77


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eesim", required=True, help="path to the eesim executable")
    parser.add_argument("--model", required=True, help="model file (.eem)")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
                        help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--images", type=int, default=1000, help="test images to compare")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max |logit difference|")
    parser.add_argument("--expect-correct", metavar="N,N,...",
                        help="correct answers per exit PyTorch must give on the whole test split")
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
    counts_agree = args.expect_correct is None or check_correct_counts(torch, model, args)
    return 0 if worst <= args.tolerance and counts_agree else 1


def check_correct_counts(torch, model, args):
    """PyTorch's correct answers per exit on the whole test split against the expected ones."""
    expected = [int(n) for n in args.expect_correct.split(",")]
    labels = torch.tensor(read_test_labels(args.data))
    pixels = read_test_pixels(args.data, len(labels), torch)
    correct = [0] * len(model.segments)
    for start in range(0, len(labels), 1000):
        x = model.preprocess(pixels[start:start + 1000])
        for k, y in enumerate(model(x)):
            correct[k] += int((y.argmax(dim=1) == labels[start:start + 1000]).sum())
    print(f"PyTorch on all {len(labels)} test images: correct per exit {correct}, "
          f"expected {expected}")
    return correct == expected


if __name__ == "__main__":
    sys.exit(main())
