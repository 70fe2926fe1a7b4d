#!/usr/bin/python3
"""eesim's batch-1 forward pass against PyTorch's best CPU inference on the same weights.

    bench/forward-speed.py [--nn-bench build/release/bench/nn_bench] [--model models/X.eem ...]

For each model (default: the shipped ones), on one thread:

- eesim: `nn_bench`'s MODEL/all_exits (every segment and every exit head on one sample),
  MODEL/convolutions (every conv2d layer alone at its input shape, one after the other) and the
  fastest of its single-core GEMMs, the machine's ceiling for those convolutions;
- PyTorch: the same network rebuilt from the model file (scripts/eesim_model.py), traced with
  TorchScript, frozen and passed through `torch.jit.optimize_for_inference`, with
  `torch.set_num_threads(1)`, after a warm-up; its logits checked against the untraced network's.

The two take turns, round by round (`--rounds`, each about `--min-time` seconds of calls per
benchmark), and each side's fastest round is reported: on a shared machine other work only ever
adds time, so the minimum is the estimate least disturbed by it, and taking turns exposes both
sides to the same spells of interference.

Prints a Markdown table (the README's "Forward pass against PyTorch"): times in microseconds,
eesim's speed as a multiple of TorchScript's, and the convolutions' GFLOP/s as a percentage of the
GEMM rate. A benchmark, not a test: the numbers depend on the machine and on what else runs.
"""
import argparse
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
from eesim_model import load_or_exit  # noqa: E402

SHIPPED = ["fmnist-me4", "fmnist-resnet-me4"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nn-bench", default=os.path.join(REPO, "build", "release", "bench",
                                                      "nn_bench"))
    p.add_argument("--model", action="append", help="model file (repeatable; default: the "
                   "shipped models that exist)")
    p.add_argument("--rounds", type=int, default=7, help="rounds per side (default 7; the "
                   "fastest counts)")
    p.add_argument("--min-time", type=float, default=0.5, help="seconds per benchmark and round "
                   "(default 0.5)")
    return p.parse_args()


def eesim_round(args, path):
    """{benchmark name: (µs per iteration, FLOPs)} for one model, one round of nn_bench."""
    out = subprocess.run(
        [args.nn_bench, f"--model={path}", "--benchmark_format=json",
         f"--benchmark_min_time={args.min_time}",
         "--benchmark_filter=(all_exits|convolutions|gemm)"],
        check=True, capture_output=True, text=True).stdout
    return {b["run_name"]: (b["real_time"], b["FLOPs"]) for b in json.loads(out)["benchmarks"]}


class TorchScriptRunner:
    """The optimised TorchScript module of a model, called on one random sample."""

    def __init__(self, torch, model, min_time):
        self.x = torch.rand((1,) + model.input, generator=torch.Generator().manual_seed(1))
        traced = torch.jit.trace(model.module(), self.x, check_trace=False)
        self.optimized = torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))
        reference = model(self.x)
        for _ in range(3):  # the optimisation passes run on the first calls
            got = self.optimized(self.x)
        self.difference = max(float((a - b).abs().max()) for a, b in zip(reference, got))
        calls, elapsed = 1, 0.0
        while elapsed < min_time / 4:  # how many calls fill a round
            calls *= 2
            elapsed = self.time(calls) * calls
        self.calls = max(1, int(calls * min_time / elapsed))

    def time(self, calls):
        start = time.perf_counter()
        for _ in range(calls):
            self.optimized(self.x)
        return (time.perf_counter() - start) / calls

    def round(self):
        """µs per call over one round."""
        return self.time(self.calls) * 1e6


def fastest(rounds):
    """{name: (µs, FLOPs)} with each benchmark's fastest time over the rounds."""
    best = {}
    for results in rounds:
        for name, (us, flops) in results.items():
            if name not in best or us < best[name][0]:
                best[name] = (us, flops)
    return best


def main():
    args = parse_args()
    import torch
    torch.set_num_threads(1)
    torch.set_grad_enabled(False)
    paths = args.model or [p for p in (os.path.join(REPO, "models", m + ".eem") for m in SHIPPED)
                           if os.path.exists(p)]
    print(f"PyTorch {torch.__version__}, one thread; eesim via {os.path.relpath(args.nn_bench)}")
    print()
    print("| model | FLOPs (all exits) | eesim | TorchScript | eesim's speed | convolutions "
          "| GEMM | convolutions / GEMM |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for path in paths:
        model = load_or_exit(torch, path)
        theirs = TorchScriptRunner(torch, model, args.min_time)
        if theirs.difference > 1e-4:
            sys.exit(f"{path}: TorchScript's logits differ from the network's by "
                     f"{theirs.difference:.3g}")
        ours_rounds, theirs_us = [], float("inf")
        for _ in range(args.rounds):
            ours_rounds.append(eesim_round(args, path))
            theirs_us = min(theirs_us, theirs.round())
        ours = fastest(ours_rounds)
        eesim_us, flops = ours[f"{model.name}/all_exits"]
        conv_us, conv_flops = ours[f"{model.name}/convolutions"]
        gemm = max(f / t * 1e-3 for name, (t, f) in ours.items() if name.startswith("gemm/"))
        conv_rate = conv_flops / conv_us * 1e-3
        print(f"| {model.name} | {int(flops):,} | {eesim_us:,.0f} µs | {theirs_us:,.0f} µs "
              f"| {theirs_us / eesim_us:.2f}x | {conv_rate:.1f} GFLOP/s | {gemm:.1f} GFLOP/s "
              f"| {100 * conv_rate / gemm:.0f} % |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
