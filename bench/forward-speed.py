#!/usr/bin/python3
"""eesim's batch-1 forward pass against PyTorch's best CPU inference on the same weights.

    bench/forward-speed.py [--nn-bench build/release/bench/nn_bench] [--model models/X.eem ...]

For each model (default: the shipped ones), on one thread:

- eesim: `nn_bench`'s MODEL/all_exits (every segment and every exit head on one sample),
  MODEL/convolutions (every conv2d layer alone at its input shape, one after the other) and the
  fastest of its single-core GEMMs, the machine's ceiling for those convolutions;
- PyTorch: the same network rebuilt from the model file (scripts/eesim_model.py), traced with
  TorchScript, frozen and passed through `torch.jit.optimize_for_inference`, with
  `torch.set_num_threads(1)`; timed the way nn_bench times (the median of several rounds of many
  calls, after a warm-up), its logits checked against the untraced network's.

Prints a Markdown table (the README's "Forward pass against PyTorch"): times in microseconds,
eesim's speed as a multiple of TorchScript's, and the convolutions' GFLOP/s as a percentage of the
GEMM rate. A benchmark, not a test: the numbers depend on the machine and on what else runs.
"""
import argparse
import json
import os
import statistics
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
    p.add_argument("--repetitions", type=int, default=5, help="rounds per measurement (median)")
    p.add_argument("--min-time", type=float, default=0.5, help="seconds per round (default 0.5)")
    return p.parse_args()


def eesim_times(args, path):
    """{benchmark name: (µs per iteration, FLOPs)} for one model, medians over the rounds."""
    out = subprocess.run(
        [args.nn_bench, f"--model={path}", "--benchmark_format=json",
         f"--benchmark_repetitions={args.repetitions}", "--benchmark_report_aggregates_only=true",
         f"--benchmark_min_time={args.min_time}",
         "--benchmark_filter=(all_exits|convolutions|gemm)"],
        check=True, capture_output=True, text=True).stdout
    results = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            results[b["run_name"]] = (b["real_time"], b["FLOPs"])
    return results


def torchscript_time(torch, model, args):
    """Median µs per batch-1 call of the optimised TorchScript module, and its largest logit
    difference from the untraced network."""
    x = torch.rand((1,) + model.input, generator=torch.Generator().manual_seed(1))
    traced = torch.jit.trace(model.module(), x, check_trace=False)
    optimized = torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval()))
    reference = model(x)
    for _ in range(3):  # the optimisation passes run on the first calls
        got = optimized(x)
    difference = max(float((a - b).abs().max()) for a, b in zip(reference, got))
    calls, elapsed = 1, 0.0
    while elapsed < args.min_time / 4:  # how many calls fill a round
        calls *= 2
        start = time.perf_counter()
        for _ in range(calls):
            optimized(x)
        elapsed = time.perf_counter() - start
    n = max(1, int(calls * args.min_time / elapsed))
    rounds = []
    for _ in range(args.repetitions):
        start = time.perf_counter()
        for _ in range(n):
            optimized(x)
        rounds.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(rounds), difference


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
        ours = eesim_times(args, path)
        eesim_us, flops = ours[f"{model.name}/all_exits"]
        conv_us, conv_flops = ours[f"{model.name}/convolutions"]
        gemm = max(f / t * 1e-3 for name, (t, f) in ours.items() if name.startswith("gemm/"))
        theirs_us, difference = torchscript_time(torch, model, args)
        if difference > 1e-4:
            sys.exit(f"{path}: TorchScript's logits differ from the network's by {difference:.3g}")
        conv_rate = conv_flops / conv_us * 1e-3
        print(f"| {model.name} | {int(flops):,} | {eesim_us:,.0f} µs | {theirs_us:,.0f} µs "
              f"| {theirs_us / eesim_us:.2f}x | {conv_rate:.1f} GFLOP/s | {gemm:.1f} GFLOP/s "
              f"| {100 * conv_rate / gemm:.0f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
