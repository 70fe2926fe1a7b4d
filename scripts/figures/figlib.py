"""Shared pieces of the figure scripts: options, running a sweep, statistics over seeds, CSV and
PNG output.

Each figure script runs its sweep through scripts/sweep.py into results/sweeps/FIGURE/ (reused
when it is already complete; git-ignored) and writes FIGURE.csv and FIGURE.png to results/paper/.
"""

import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWEEP = os.path.join(REPO_ROOT, "scripts", "sweep.py")
DEFAULT_EESIM = os.path.join("build", "release", "eesim")


class FigureError(Exception):
    """A problem that stops a figure: reported as one line, exit code 1."""


def parse_arguments(name, description):
    """The options every figure script takes."""
    parser = argparse.ArgumentParser(prog=name + ".py", description=description)
    parser.add_argument("--eesim", default=DEFAULT_EESIM,
                        help="eesim executable (default: build/release/eesim)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="runs at a time (default: the number of cores)")
    parser.add_argument("--sweeps", default=os.path.join("results", "sweeps"),
                        help="folder of the sweep folders (default: results/sweeps)")
    parser.add_argument("--out", default=os.path.join("results", "paper"),
                        help="folder for the figure's PNG and CSV (default: results/paper)")
    parser.add_argument("--rerun", action="store_true",
                        help="rerun every simulation instead of reusing complete runs")
    slurm = parser.add_argument_group("Slurm", "run the sweeps as Slurm job arrays (sweep.py's "
                                      "options of the same names)")
    slurm.add_argument("--backend", choices=("local", "slurm"), default="local")
    for option in ("--partition", "--time", "--mem", "--runs-per-task"):
        slurm.add_argument(option)
    slurm.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG")
    args = parser.parse_args()
    args.name = name
    return args


def main_wrapper(name, body):
    """Runs `body()` from the repository root; a FigureError becomes one line and exit code 1."""
    os.chdir(REPO_ROOT)  # relative scenario paths, and messages that name them as in the repo
    try:
        body()
    except FigureError as error:
        sys.stderr.write("%s: %s\n" % (name, error))
        sys.exit(1)


def slurm_options(args):
    """The Slurm backend's options for sweep.py, when the figures run on Slurm."""
    if args.backend != "slurm":
        return []
    options = ["--backend", "slurm"]
    for name in ("partition", "time", "mem", "runs_per_task"):
        if getattr(args, name):
            options += ["--" + name.replace("_", "-"), getattr(args, name)]
    return options + ["--sbatch-arg=" + arg for arg in args.sbatch_arg]


def run_sweep(args, scenario, grid, sets=(), seeds=3, folder=None):
    """Runs (or resumes) one sweep -> its rows (dicts, in grid order); any failure is fatal.

    grid: list of (KEY, SPEC) or (KEY, list of values) pairs, passed as --grid KEY=SPEC.
    """
    out = os.path.join(args.sweeps, folder or args.name)
    command = [sys.executable, SWEEP, scenario, "--out", out, "--eesim", args.eesim,
               "--jobs", str(args.jobs), "--seeds", str(seeds)]
    for key, spec in grid:
        command += ["--grid", "%s=%s" % (key, spec if isinstance(spec, str) else json_text(spec))]
    for item in sets:
        command += ["--set", item]
    if args.rerun:
        command.append("--rerun")
    command += slurm_options(args)
    result = subprocess.run(command)
    if result.returncode != 0:
        raise FigureError("the sweep in %s did not complete (sweep.py exit code %d); see the "
                          "error column of its sweep.csv" % (out, result.returncode))
    with open(os.path.join(out, "sweep.csv"), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def json_text(value):
    """Compact JSON, as sweep.py and the CSV write it."""
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def mean_sd(values):
    """Mean and sample standard deviation (0 for a single value) of the non-missing values."""
    numbers = [float(v) for v in values if v not in ("", None)]
    if not numbers:
        return float("nan"), float("nan")
    mean = sum(numbers) / len(numbers)
    if len(numbers) == 1 or min(numbers) == max(numbers):
        return mean, 0.0  # exactly 0, not the rounding residue of equal values
    variance = sum((x - mean) ** 2 for x in numbers) / (len(numbers) - 1)
    return mean, math.sqrt(variance)


def group_rows(rows, key):
    """rows -> ordered list of (key value, rows with it), in first-appearance (grid) order."""
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return list(groups.items())


def seed_statistics(rows, metrics):
    """{metric_mean, metric_sd} over the seeds of one point, plus the seed count."""
    statistics = {"seeds": len(rows)}
    for metric in metrics:
        mean, sd = mean_sd([row[metric] for row in rows])
        statistics[metric + "_mean"] = mean
        statistics[metric + "_sd"] = sd
    return statistics


def format_cell(value):
    """Stable text: 6 significant digits for floats, so reruns write identical CSVs."""
    if isinstance(value, float):
        return "" if math.isnan(value) else "%.6g" % value
    return str(value)


def write_csv(path, header, rows):
    """Writes rows (dicts) with the given columns, atomically."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([format_cell(row.get(column, "")) for column in header])
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(buffer.getvalue())
    os.replace(temporary, path)


def pyplot():
    """matplotlib's pyplot on the file-only Agg backend, or a one-line hint to install it."""
    try:
        import matplotlib
    except ImportError:
        raise FigureError("matplotlib is missing: install python3-matplotlib "
                          "(scripts/install-deps --figures)") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 9, "axes.grid": True, "grid.alpha": 0.3,
                         "savefig.dpi": 130, "figure.dpi": 130})
    return plt


def save_figure(figure, args):
    """PNG to OUT/NAME.png; no timestamp in the metadata, so unchanged data gives equal bytes."""
    path = os.path.join(args.out, args.name + ".png")
    os.makedirs(args.out, exist_ok=True)
    figure.savefig(path, bbox_inches="tight", metadata={"Software": None})
    return path

