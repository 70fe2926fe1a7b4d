#!/usr/bin/python3
"""Figure 5: per-exit accuracy of the shipped models on the 10,000 test images, from
`eesim model eval`: fmnist-me4, fmnist-me4-jscc without noise, and fmnist-me4-jscc with Gaussian
noise on its 392 bottleneck symbols at several SNRs (--snr-db; 3 noise seeds, error bars ±1
standard deviation; exit 0 is before the bottleneck and never sees the noise).

Each evaluation's output is kept in results/sweeps/per_exit_accuracy/ and reused while the model
file is unchanged. Writes results/paper/per_exit_accuracy.{csv,png}.
"""

import concurrent.futures
import hashlib
import os
import re
import subprocess

import figlib

NAME = "per_exit_accuracy"
MODELS = ["models/fmnist-me4.eem", "models/fmnist-me4-jscc.eem"]
NOISY_MODEL = "models/fmnist-me4-jscc.eem"
SNRS = [-5, 0, 5, 10, 20]
SEEDS = [1, 2, 3]
# One row of eesim model eval's table: exit, cumulative FLOPs, FLOPs %, accuracy %, confidence.
ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+([\d.]+)%\s+([\d.]+)%\s+([\d.]+)\s*$")


class Evaluation:
    """One `eesim model eval` (a model, optionally an SNR and a noise seed) and its cache file."""

    def __init__(self, model, snr=None, seed=None):
        self.model, self.snr, self.seed = model, snr, seed
        base = os.path.splitext(os.path.basename(model))[0]
        suffix = "" if snr is None else "-snr%g-seed%d" % (snr, seed)
        self.cache_name = "%s-%s%s.txt" % (base, model_digest(model), suffix)

    def command(self, eesim):
        command = [eesim, "model", "eval", self.model, "--threads", "1"]
        if self.snr is not None:
            command += ["--snr-db", str(self.snr), "--seed", str(self.seed)]
        return command


def model_digest(path):
    """A short hash of the model file, so a retrained model is evaluated afresh."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:10]


def evaluate(evaluation, args, folder):
    """The eval's output text, from the cache or by running eesim (then cached atomically)."""
    path = os.path.join(folder, evaluation.cache_name)
    if os.path.exists(path) and not args.rerun:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    result = subprocess.run(evaluation.command(args.eesim), capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines() or ["exit code %d" % result.returncode]
        raise figlib.FigureError("eesim model eval %s failed: %s" % (evaluation.model, lines[-1]))
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(result.stdout)
    os.replace(path + ".tmp", path)
    return result.stdout


def parse_table(text, source):
    """[(exit, flops_share, accuracy, confidence)] from the eval table."""
    rows = []
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            rows.append((int(match.group(1)), float(match.group(3)) / 100,
                         float(match.group(4)) / 100, float(match.group(5))))
    if not rows:
        raise figlib.FigureError("%s: no per-exit table in eesim model eval's output" % source)
    return rows


def planned_evaluations():
    evaluations = [Evaluation(model) for model in MODELS]
    evaluations += [Evaluation(NOISY_MODEL, snr, seed) for snr in SNRS for seed in SEEDS]
    return evaluations


def run_evaluations(args):
    folder = os.path.join(args.sweeps, NAME)
    os.makedirs(folder, exist_ok=True)
    evaluations = planned_evaluations()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        texts = list(pool.map(lambda e: evaluate(e, args, folder), evaluations))
    return [(e, parse_table(text, e.cache_name)) for e, text in zip(evaluations, texts)]


def summarise(results):
    """One record per (model, SNR, exit), statistics over the noise seeds."""
    groups = {}
    for evaluation, table in results:
        key = (os.path.basename(evaluation.model), evaluation.snr)
        for exit_index, share, accuracy, confidence in table:
            groups.setdefault(key + (exit_index,), []).append(
                {"flops_share": share, "accuracy": accuracy, "confidence": confidence})
    records = []
    for (model, snr, exit_index), rows in groups.items():
        record = {"model": model, "snr_db": "" if snr is None else snr, "exit": exit_index,
                  "flops_share": rows[0]["flops_share"]}
        record.update(figlib.seed_statistics(rows, ["accuracy", "confidence"]))
        records.append(record)
    return records


def series(records):
    """(label, records in exit order) per curve, clean models first then SNRs high to low."""
    curves = []
    for model in MODELS:
        name = os.path.basename(model)
        curves.append(("%s, no noise" % name[:-4],
                       [r for r in records if r["model"] == name and r["snr_db"] == ""]))
    for snr in sorted(SNRS, reverse=True):
        curves.append(("%s, %g dB" % (os.path.basename(NOISY_MODEL)[:-4], snr),
                       [r for r in records if r["snr_db"] == snr]))
    return curves


def plot(records, args):
    plt = figlib.pyplot()
    figure, axis = plt.subplots(figsize=(9, 4.5))
    colors = ["black", "tab:blue"] + [plt.cm.plasma(0.85 * i / len(SNRS))
                                      for i in range(len(SNRS))]
    for (label, points), color in zip(series(records), colors):
        axis.errorbar([r["exit"] for r in points], [100 * r["accuracy_mean"] for r in points],
                      yerr=[100 * r["accuracy_sd"] for r in points], color=color, marker="o",
                      markersize=4, capsize=2, linewidth=1.2, label=label,
                      linestyle="-" if "no noise" in label else "--")
    clean = [[r for r in records if r["model"] == os.path.basename(model)
              and r["snr_db"] == ""] for model in MODELS]
    axis.set_xticks([r["exit"] for r in clean[0]])
    # The bottleneck adds FLOPs, so the two models' shares of full execution differ a little.
    axis.set_xticklabels(["exit %d\n%.1f / %.1f %% FLOPs" % (a["exit"], 100 * a["flops_share"],
                                                            100 * b["flops_share"])
                          for a, b in zip(*clean)])
    axis.set_ylabel("test accuracy (%)")
    axis.set_title("Per-exit accuracy of the shipped models (10,000 test images; noisy: "
                   "%d seeds, ±1 SD)" % len(SEEDS), fontsize=9.5)
    axis.legend(fontsize=7.5, loc="center left", bbox_to_anchor=(1.01, 0.5))
    figure.tight_layout()
    return figlib.save_figure(figure, args)


def report(records):
    for label, points in series(records):
        print("%s: %-28s %s" % (NAME, label, "  ".join(
            "exit %d %.2f %%" % (r["exit"], 100 * r["accuracy_mean"]) for r in points)))


def main():
    args = figlib.parse_arguments(NAME, __doc__.split("\n\n")[0])
    records = summarise(run_evaluations(args))
    header = ["model", "snr_db", "exit", "flops_share", "seeds", "accuracy_mean", "accuracy_sd",
              "confidence_mean", "confidence_sd"]
    figlib.write_csv("%s/%s.csv" % (args.out, NAME), header, records)
    plot(records, args)
    report(records)


if __name__ == "__main__":
    figlib.main_wrapper(NAME, main)
