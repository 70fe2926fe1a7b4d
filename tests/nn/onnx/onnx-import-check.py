#!/usr/bin/python3
"""Networks exported from PyTorch to ONNX, imported by `eesim model import`, give PyTorch's logits.

Builds small multi-exit networks of the kinds researchers bring (residual blocks with batch norm,
a strided block with a projection shortcut, branches joined by concat, grouped and dilated
convolutions, a MobileNet-style block with depthwise convolutions, ReLU6, hard-swish, SiLU and a
squeeze-and-excitation gate, padded pools, global-average-pool heads, dropout in a head),
with random weights and batch-norm statistics, exports each with torch.onnx.export, imports it
with eesim, and compares every exit's logits from `eesim model eval --dump` with PyTorch's on the
same Fashion-MNIST test images. Exits 0 when every difference is within the tolerance, 1 when
one is not, and 77 (reported as skipped by CTest) when python3-torch is not importable.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "scripts"))
from logit_check import read_dump, read_test_images  # noqa: E402

SKIP = 77


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eesim", required=True, help="path to the eesim executable")
    parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
                        help="folder of the Fashion-MNIST IDX files")
    parser.add_argument("--images", type=int, default=1000, help="test images to compare")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max |logit difference|")
    parser.add_argument("--work-dir", default=".", help="where the ONNX, model and CSV files go")
    return parser.parse_args()


def networks(torch):
    """name -> (module returning a tuple of exit logits): the shapes researchers bring."""
    nn = torch.nn

    class Residual(nn.Module):
        def __init__(self, cin, cout, stride):
            super().__init__()
            self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.b1 = nn.BatchNorm2d(cout)
            self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.b2 = nn.BatchNorm2d(cout)
            self.short = None
            if stride != 1 or cin != cout:
                self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                           nn.BatchNorm2d(cout))

        def forward(self, x):
            y = torch.relu(self.b1(self.c1(x)))
            y = self.b2(self.c2(y))
            return torch.relu(y + (x if self.short is None else self.short(x)))

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, 1, 1), nn.BatchNorm2d(8), nn.ReLU())
            self.block1 = Residual(8, 8, 1)
            self.head1 = nn.Sequential(nn.MaxPool2d(4), nn.Flatten(), nn.Dropout(0.3),
                                       nn.Linear(8 * 7 * 7, 10))
            self.block2 = Residual(8, 16, 2)
            self.head2 = nn.Sequential(nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 10))
            self.block3 = Residual(16, 16, 1)
            self.head3 = nn.Sequential(nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 7 * 7, 32),
                                       nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            x = self.block1(self.stem(x))
            e1 = self.head1(x)
            x = self.block2(x)
            e2 = self.head2(x)
            return e1, e2, self.head3(self.block3(x))

    class Branches(nn.Module):
        """An inception-style block (two convolutions joined by concat) and grouped and dilated
        convolutions, with a matrix product for a classifier."""

        def __init__(self):
            super().__init__()
            self.a = nn.Conv2d(1, 4, 1)
            self.b = nn.Conv2d(1, 4, 3, padding=2, dilation=2)
            self.grouped = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=4)
            self.head1 = nn.Sequential(nn.Flatten(), nn.Linear(8 * 28 * 28, 10))
            self.w = nn.Parameter(torch.randn(8 * 14 * 14, 10) * 0.01)

        def forward(self, x):
            x = torch.relu(torch.cat([self.a(x), self.b(x)], dim=1))
            e1 = self.head1(x)
            y = torch.relu(self.grouped(x))
            return e1, torch.flatten(y, 1) @ self.w

    class Mobile(nn.Module):
        """MobileNet-style: a padded max-pool stem, depthwise separable convolutions with ReLU6
        and hard-swish, a squeeze-and-excitation gate (global average pool, hard sigmoid, mul),
        a padded average pool and global-average-pool exit heads."""

        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, 1, 1), nn.BatchNorm2d(8), nn.ReLU6(),
                                      nn.MaxPool2d(3, 2, 1))
            self.depthwise = nn.Sequential(nn.Conv2d(8, 8, 3, 1, 1, groups=8), nn.BatchNorm2d(8),
                                           nn.Hardswish(), nn.Conv2d(8, 16, 1))
            self.squeeze = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Conv2d(16, 4, 1), nn.ReLU(),
                                         nn.Conv2d(4, 16, 1), nn.Hardsigmoid())
            self.head1 = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 10))
            self.pool = nn.AvgPool2d(3, 2, 1)
            self.tail = nn.Sequential(nn.Conv2d(16, 16, 3, 1, 1), nn.SiLU())
            self.head2 = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10))

        def forward(self, x):
            x = self.stem(x)
            e1 = self.head1(x)
            y = self.depthwise(x)
            y = y * self.squeeze(y)
            y = self.tail(self.pool(y))
            return e1, self.head2(y)

    return {"resnet": ResNet(), "branches": Branches(), "mobile": Mobile()}


def randomize(torch, module, seed):
    """Random weights and batch-norm statistics, so that folding batch norm matters."""
    generator = torch.Generator().manual_seed(seed)
    for m in module.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
    module.eval()


def check(torch, args, name, module, images, opset, normalize=None):
    """Exports, imports and compares; `normalize` = (mean, std): the network expects normalised
    images, and the import config says so, so eesim reads the raw images the same way."""
    name = f"{name}-opset{opset}" + ("-normalised" if normalize else "")
    onnx = os.path.join(args.work_dir, name + ".onnx")
    model = os.path.join(args.work_dir, name + ".eem")
    dump = os.path.join(args.work_dir, name + "-logits.csv")
    config = []
    if normalize:
        config_path = os.path.join(args.work_dir, name + ".import.json")
        with open(config_path, "w") as f:
            json.dump({"preprocess": {"mean": [normalize[0]], "std": [normalize[1]]},
                       "dataset": "fashion-mnist"}, f)
        config = ["--config", config_path]
        images = (images - normalize[0]) / normalize[1]
    exits = [f"exit{k}" for k in range(len(module(images[:1])))]
    torch.onnx.export(module, images[:1], onnx, input_names=["image"], output_names=exits,
                      dynamic_axes={"image": {0: "batch"}}, opset_version=opset)
    subprocess.run([args.eesim, "model", "import", onnx, "--out", model] + config, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([args.eesim, "model", "eval", model, "--data", args.data, "--split", "test",
                    "--limit", str(args.images), "--dump", dump], check=True,
                   stdout=subprocess.DEVNULL)
    ours = read_dump(dump)
    reference = module(images)
    worst = 0.0
    for k, logits in enumerate(reference):
        for n in range(logits.shape[0]):
            worst = max(worst, max(abs(a - b) for a, b in zip(logits[n].tolist(), ours[(n, k)])))
    print(f"{name}: {len(reference)} exits x {images.shape[0]} images, "
          f"max |logit difference| = {worst:.3g} (tolerance {args.tolerance:g})")
    return worst <= args.tolerance


def main():
    args = parse_args()
    try:
        import torch
    except ImportError:
        print("SKIPPED: python3-torch is not importable (apt-get install python3-torch)")
        return SKIP
    torch.manual_seed(0)
    torch.set_grad_enabled(False)
    os.makedirs(args.work_dir, exist_ok=True)
    images = read_test_images(args.data, args.images, torch)
    ok = True
    for seed, (name, module) in enumerate(networks(torch).items()):
        randomize(torch, module, seed)
        # Opset 13 writes hard-swish as HardSigmoid and Mul, 14 as HardSwish: both import.
        for opset in (13, 14):
            ok = check(torch, args, name, module, images, opset) and ok
    # Fashion-MNIST's mean and standard deviation, as a network trained on normalised images.
    ok = check(torch, args, "resnet", networks(torch)["resnet"].eval(), images, 14,
               (0.2860, 0.3530)) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
