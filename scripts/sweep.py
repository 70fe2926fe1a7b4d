#!/usr/bin/python3
"""Parameter sweeps over an eesim scenario.

Runs `eesim run SCENARIO --set ...` once per grid point and seed, in parallel, each into its own
run folder under --out, then writes the tidy table --out/sweep.csv (one row per run: the grid
parameters, the seed and the summary metrics). A sweep is resumable: a run folder whose
summary.json says "status": "complete" is reused; anything else is rerun from scratch. The CSV
is sorted by grid order, so a sweep that was killed and resumed writes the same bytes as one that
ran straight through.

    scripts/sweep.py scenarios/td-awgn.json --out results/sweeps/snr \\
        --grid channel.snr_db=-10:25:8 \\
        --grid 'policies.transmission.name=["never-transmit","oracle"]' \\
        --set 'policies.transmission.params={}' --seeds 3

Grid SPEC: `a:b:n` (n evenly spaced values from a to b inclusive), a JSON list `[v1, v2, ...]`
(numbers, strings, objects), or a single value (JSON when it parses, else a string). Several
--grid options multiply (the first varies slowest). KEY1,KEY2=[[v1,w1],[v2,w2]] varies several
keys together (one value of each per grid value).

With --backend slurm the runs go to a Slurm cluster as one job array (scripts/sweep_slurm.py;
--submit-only, then --collect --out DIR or the same command, finishes a detached sweep).

Exit codes: 0 every run complete; 1 some run failed (see the CSV's error column); 2 bad input;
130 / 143 interrupted by SIGINT / SIGTERM (finished runs are kept; rerun to resume).

Standard library only.
"""

import argparse
import concurrent.futures
import csv
import hashlib
import io
import itertools
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import sweep_slurm

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_EESIM = os.path.join(REPO_ROOT, "build", "release", "eesim")

# A dotted JSON path as eesim's --set reads it: object keys, or array indices.
KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$")
NUMBER_PATTERN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
INTEGER_PATTERN = re.compile(r"^[+-]?\d+$")

# Summary metrics written to the CSV: column name -> path in summary.json.
METRIC_COLUMNS = [
    ("accuracy", ("accuracy",)),
    ("latency_mean_s", ("latency_s", "mean")),
    ("latency_p50_s", ("latency_s", "p50")),
    ("latency_p95_s", ("latency_s", "p95")),
    ("latency_p99_s", ("latency_s", "p99")),
    ("transmitted_fraction", ("transmitted_fraction",)),
    ("computation_saved", ("computation", "saved")),
    ("deadline_hit_rate", ("deadline", "hit_rate")),
    ("deadline_accuracy_in_time", ("deadline", "accuracy_in_time")),
    ("communication_saved_bytes", ("communication", "saved_bytes")),
    ("communication_saved_symbols", ("communication", "saved_symbols")),
    ("energy_device_j_per_request", ("energy", "device_j_per_request")),
    ("requests_issued", ("requests", "issued")),
    ("requests_completed", ("requests", "completed")),
    ("requests_dropped", ("requests", "dropped")),
    ("requests_unfinished", ("requests", "unfinished")),
    ("requests_timed_out", ("requests", "timed_out")),
    ("exit_histogram", ("exit_histogram",)),
]


class SweepError(Exception):
    """Bad input: reported as one line, exit code 2."""


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived while the sweep was running."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


# ---------------------------------------------------------------------------------------------
# Grid parsing


def parse_scalar(text):
    """A --set style value: JSON when it parses, else the text as a string (as eesim reads it)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_number(text):
    """An int for integer literals, else a float; None when `text` is not a number."""
    text = text.strip()
    if INTEGER_PATTERN.match(text):
        return int(text)
    if NUMBER_PATTERN.match(text):
        return float(text)
    return None


def tidy_number(value):
    """Rounds away binary noise of a computed range value (0.1 * 3 = 0.30000000000000004)."""
    rounded = float("%.12g" % value)
    return int(rounded) if rounded == int(rounded) and abs(rounded) < 2**53 else rounded


def linear_range(start, stop, count, integers):
    """`count` evenly spaced values from start to stop, both included."""
    if count == 1:
        return [start]
    step = (stop - start) / (count - 1)
    values = [tidy_number(start + i * step) for i in range(count)]
    values[-1] = tidy_number(stop)  # exact end point, whatever the rounding of the steps
    if integers and all(isinstance(v, int) for v in values):
        return values
    return [float(v) for v in values]


def parse_range(spec):
    """`a:b:n` -> list of values, or None when `spec` is not shaped like a range."""
    parts = spec.split(":")
    if len(parts) != 3:
        return None
    start, stop = parse_number(parts[0]), parse_number(parts[1])
    if start is None or stop is None:
        return None
    count = parse_number(parts[2])
    if not isinstance(count, int) or count < 1:
        raise SweepError("range %r: the point count must be a whole number >= 1, got %r"
                         % (spec, parts[2].strip()))
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise SweepError("range %r: the bounds must be finite numbers" % spec)
    integers = isinstance(start, int) and isinstance(stop, int)
    return linear_range(start, stop, count, integers)


def parse_spec(spec):
    """A grid SPEC -> the list of values it stands for."""
    text = spec.strip()
    if not text:
        raise SweepError("empty grid value list")
    values = parse_range(text)
    if values is not None:
        return values
    if text.startswith("["):
        try:
            values = json.loads(text)
        except ValueError as error:
            raise SweepError("list %r is not valid JSON (%s)" % (text, error)) from None
        if not values:
            raise SweepError("list %r is empty" % text)
        return values
    return [parse_scalar(text)]


def check_key(key):
    """A dotted JSON path; `seed` is refused because --seeds/--seed-list own it."""
    if not KEY_PATTERN.match(key):
        raise SweepError("bad key %r (expected a dotted path such as "
                         "policies.exit.params.threshold)" % key)
    if key == "seed":
        raise SweepError("use --seeds or --seed-list to vary the seed, not the key 'seed'")
    return key


def parse_grid_option(option):
    """`KEY=SPEC` or `KEY1,KEY2=[[v1,w1],...]` -> (keys, list of value tuples)."""
    if "=" not in option:
        raise SweepError("--grid %r: expected KEY=SPEC" % option)
    key_text, spec = option.split("=", 1)
    keys = tuple(check_key(key.strip()) for key in key_text.split(","))
    values = parse_spec(spec)
    if len(keys) == 1:
        return keys, [(value,) for value in values]
    if not spec.strip().startswith("["):
        raise SweepError("--grid %r: several keys need a JSON list of lists, one value per key"
                         % option)
    for value in values:
        if not isinstance(value, list) or len(value) != len(keys):
            raise SweepError("--grid %r: every element must be a list of %d values, got %s"
                             % (option, len(keys), json.dumps(value)))
    return keys, [tuple(value) for value in values]


def parse_set_option(option):
    """`KEY=VALUE` for fixed overrides; kept as text, eesim parses the value."""
    if "=" not in option:
        raise SweepError("--set %r: expected KEY=VALUE" % option)
    key, value = option.split("=", 1)
    check_key(key.strip())
    return "%s=%s" % (key.strip(), value)


def build_axes(grid_options):
    """The --grid options -> list of (keys, values), refusing a key given twice."""
    axes, seen = [], set()
    for option in grid_options:
        keys, values = parse_grid_option(option)
        for key in keys:
            if key in seen:
                raise SweepError("key %r appears in more than one --grid" % key)
            seen.add(key)
        axes.append((keys, values))
    return axes


def expand_points(axes):
    """Cartesian product of the axes, first axis slowest: a list of [(key, value), ...]."""
    points = []
    for combination in itertools.product(*(values for _, values in axes)):
        point = []
        for (keys, _), value_tuple in zip(axes, combination):
            point.extend(zip(keys, value_tuple))
        points.append(point)
    return points


def parse_seeds(seeds, seed_list, scenario):
    """--seeds N -> 1..N; --seed-list a,b -> those; neither -> the scenario's own seed."""
    if seeds is not None and seed_list is not None:
        raise SweepError("give --seeds or --seed-list, not both")
    if seeds is not None:
        if seeds < 1:
            raise SweepError("--seeds must be >= 1, got %d" % seeds)
        return list(range(1, seeds + 1))
    if seed_list is not None:
        try:
            values = [int(item) for item in seed_list.split(",")]
        except ValueError:
            raise SweepError("--seed-list %r: expected integers separated by commas" % seed_list) \
                from None
        if len(set(values)) != len(values) or any(v < 0 for v in values):
            raise SweepError("--seed-list %r: seeds must be distinct and >= 0" % seed_list)
        return values
    seed = scenario.get("seed", 1) if isinstance(scenario, dict) else 1
    return [seed if isinstance(seed, int) else 1]


# ---------------------------------------------------------------------------------------------
# Runs and their folders


def set_argument(key, value):
    """--set text for one grid value; JSON-encoded so that "1" stays a string and 1 a number."""
    return "%s=%s" % (key, json.dumps(value, separators=(",", ":"), sort_keys=True))


class Run:
    """One grid point at one seed, with its run folder."""

    def __init__(self, point_index, point, seed, fixed_sets, scenario_digest, sweep_dir):
        self.point_index = point_index
        self.point = point
        self.seed = seed
        self.sets = list(fixed_sets) + [set_argument(k, v) for k, v in point]
        # The folder name hashes everything that defines the run, so a changed scenario file
        # or --set never reuses stale results, while a reordered or extended grid still does.
        identity = json.dumps({"scenario": scenario_digest, "sets": self.sets, "seed": seed},
                              sort_keys=True)
        digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
        self.name = "%s-seed%d" % (digest, seed)
        self.folder = os.path.join(sweep_dir, "runs", self.name)

    def to_spec(self, eesim, scenario):
        """What a Slurm task needs to run this run (JSON)."""
        return {"name": self.name, "folder": os.path.abspath(self.folder), "seed": self.seed,
                "sets": self.sets, "point_index": self.point_index,
                "point": [list(pair) for pair in self.point], "eesim": eesim,
                "scenario": scenario}

    @classmethod
    def from_spec(cls, spec):
        run = cls.__new__(cls)
        run.name, run.folder, run.seed = spec["name"], spec["folder"], spec["seed"]
        run.sets, run.point_index = spec["sets"], spec["point_index"]
        run.point = [tuple(pair) for pair in spec["point"]]
        return run


def build_identity(eesim):
    """The build `eesim --version` names ("crc32:..."), or None when it names none."""
    try:
        output = subprocess.run([eesim, "--version"], capture_output=True, text=True,
                                check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    match = re.search(r"\(build (\S+)\)", output)
    return match.group(1) if match else None


def written_by(summary, build):
    """True when the run's summary says `build` wrote it."""
    provenance = summary.get("provenance") if isinstance(summary, dict) else None
    return isinstance(provenance, dict) and provenance.get("eesim_build") == build


def read_complete_summary(folder):
    """The folder's summary.json if it parsed and says complete, else None."""
    try:
        with open(os.path.join(folder, "summary.json"), encoding="utf-8") as handle:
            summary = json.load(handle)
    except (OSError, ValueError):
        return None
    if isinstance(summary, dict) and summary.get("status") == "complete":
        return summary
    return None


def last_error_line(stderr, returncode):
    """eesim's one-line error (its last stderr line), or a fallback naming the exit code."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if lines:
        return lines[-1]
    if returncode < 0:
        return "eesim killed by signal %d" % -returncode
    return "eesim exited with code %d" % returncode


class Runner:
    """Starts eesim processes and can stop all that are running (on SIGINT/SIGTERM)."""

    def __init__(self, eesim, scenario_path):
        self.eesim = eesim
        self.scenario_path = scenario_path
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._processes = set()

    def execute(self, run):
        """Runs one point from scratch -> (summary or None, error or "")."""
        if self.stopping.is_set():
            return None, "not run: sweep interrupted"
        shutil.rmtree(run.folder, ignore_errors=True)
        os.makedirs(run.folder)
        # eesim fills the empty folder; params.json joins it afterwards (eesim run --force
        # would refuse a folder it did not fill).
        command = [self.eesim, "run", self.scenario_path, "--out", run.folder,
                   "--quiet", "--seed", str(run.seed)]
        for item in run.sets:
            command += ["--set", item]
        returncode, stderr_text = self._call(command)
        write_params(run)
        if returncode != 0:
            return None, last_error_line(stderr_text, returncode)
        summary = read_complete_summary(run.folder)
        if summary is None:
            return None, "%s: no complete summary.json after eesim finished" % run.folder
        return summary, ""

    def _call(self, command):
        """Runs the command (stdout discarded) -> (return code, stderr text)."""
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL)
        with self._lock:
            self._processes.add(process)
            if self.stopping.is_set():  # stop() ran between our check and the start
                process.terminate()
        try:
            _, stderr = process.communicate()
        finally:
            with self._lock:
                self._processes.discard(process)
        return process.returncode, stderr.decode("utf-8", "replace")

    def stop(self, signum):
        """Passes the signal on to every running eesim, which then marks its run interrupted."""
        self.stopping.set()
        with self._lock:
            for process in self._processes:
                try:
                    process.send_signal(signum)
                except OSError:
                    pass


def write_params(run):
    """params.json in the run folder: what this run is, for people browsing the folders."""
    params = {"point": run.point_index, "seed": run.seed, "sets": run.sets,
              "grid": {key: value for key, value in run.point}}
    write_text_atomically(os.path.join(run.folder, "params.json"),
                          json.dumps(params, indent=2, sort_keys=True) + "\n")


def write_text_atomically(path, text):
    """Writes to a temporary name and renames, so a kill never leaves half a file."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(temporary, path)


# ---------------------------------------------------------------------------------------------
# Progress


def format_duration(seconds):
    """h:mm:ss or m:ss."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return "%d:%02d:%02d" % (hours, minutes, seconds) if hours else "%d:%02d" % (minutes, seconds)


class Progress:
    """A bar with ETA on stderr: redrawn in place on a terminal, every 10 % in a log."""

    WIDTH = 30

    def __init__(self, total, quiet):
        self.total = total
        self.quiet = quiet
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self.terminal = sys.stderr.isatty()
        self._last_decile = -1

    def advance(self, failed):
        self.done += 1
        self.failed += int(failed)
        self.draw()

    def line(self):
        fraction = self.done / self.total if self.total else 1.0
        filled = int(self.WIDTH * fraction)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        if self.done:
            eta = "ETA %s" % format_duration(elapsed / self.done * (self.total - self.done))
        else:
            eta = "ETA --:--"
        failed = ", %d failed" % self.failed if self.failed else ""
        return "sweep: [%s] %d/%d %3d%% %s, elapsed %s%s" % (
            bar, self.done, self.total, int(100 * fraction), eta, format_duration(elapsed),
            failed)

    def draw(self):
        if self.quiet or not self.total:
            return
        if self.terminal:
            end = "\n" if self.done == self.total else ""
            sys.stderr.write("\r" + self.line() + end)
        else:
            decile = int(10 * self.done / self.total)
            if decile == self._last_decile:
                return
            self._last_decile = decile
            sys.stderr.write(self.line() + "\n")
        sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# The CSV


def csv_cell(value):
    """One value as CSV text: numbers by repr (exact and stable), structures as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return ";".join(str(v) for v in value)  # the exit histogram
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def metric(summary, path):
    """summary[path...] or None where a part is absent (deadline without a deadline, ...)."""
    value = summary
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def csv_header(axes):
    keys = [key for keys, _ in axes for key in keys]
    return ["point"] + keys + ["seed", "run"] + [name for name, _ in METRIC_COLUMNS] + \
        ["status", "error"]


def csv_row(run, summary, error):
    row = [run.point_index] + [value for _, value in run.point] + [run.seed, run.name]
    row += [metric(summary, path) if summary else None for _, path in METRIC_COLUMNS]
    row += ["complete" if summary else "failed", error]
    return [csv_cell(cell) for cell in row]


def write_csv(path, axes, runs, results):
    """sweep.csv in grid order (point, then seed), whatever order the runs finished in."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_header(axes))
    for run in runs:
        summary, error = results[run.name]
        writer.writerow(csv_row(run, summary, error))
    write_text_atomically(path, buffer.getvalue())


# ---------------------------------------------------------------------------------------------
# The sweep


def load_scenario(path):
    """The base scenario's bytes (for run identities) and its JSON (for the default seed)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise SweepError("%s: cannot read the scenario (%s)" % (path, error.strerror)) from None
    try:
        scenario = json.loads(data.decode("utf-8"))
    except ValueError as error:
        raise SweepError("%s: not valid JSON (%s)" % (path, error)) from None
    return data, scenario


def check_eesim(path):
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise SweepError("%s: eesim executable not found (build it with scripts/build, or pass "
                         "--eesim)" % path)


def plan_runs(args):
    """Parses and checks every option -> (axes, runs, fixed sets, seeds)."""
    check_eesim(args.eesim)
    data, scenario = load_scenario(args.scenario)
    axes = build_axes(args.grid)
    fixed_sets = [parse_set_option(option) for option in args.set]
    seeds = parse_seeds(args.seeds, args.seed_list, scenario)
    if args.jobs < 1:
        raise SweepError("--jobs must be >= 1, got %d" % args.jobs)
    digest = hashlib.sha256(data).hexdigest()
    runs = []
    for index, point in enumerate(expand_points(axes)):
        for seed in seeds:
            runs.append(Run(index, point, seed, fixed_sets, digest, args.out))
    names = [run.name for run in runs]
    if len(set(names)) != len(names):
        raise SweepError("the grid has duplicate points (the same values twice)")
    return axes, runs, fixed_sets, seeds


def write_manifest(args, axes, fixed_sets, seeds):
    """sweep.json: how the sweep was defined (the scenario as given, the grid, sets, seeds)."""
    manifest = {
        "scenario": args.scenario,
        "grid": [{"keys": list(keys), "values": [list(v) if len(keys) > 1 else v[0]
                                                 for v in values]} for keys, values in axes],
        "set": fixed_sets,
        "seeds": seeds,
    }
    write_text_atomically(os.path.join(args.out, "sweep.json"),
                          json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def run_pending(runner, pending, jobs, progress, results):
    """Runs the pending points on `jobs` workers, filling `results` as they finish."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(runner.execute, run): run for run in pending}
        try:
            for future in concurrent.futures.as_completed(futures):
                summary, error = future.result()
                results[futures[future].name] = (summary, error)
                progress.advance(failed=summary is None)
        except Interrupted:
            runner.stop(signal.SIGTERM)
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def install_signal_handlers():
    """SIGINT/SIGTERM raise Interrupted in the main thread, which stops the runs cleanly."""
    def handler(signum, _frame):
        raise Interrupted(signum)
    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)


def sweep(args):
    axes, runs, fixed_sets, seeds = plan_runs(args)
    os.makedirs(os.path.join(args.out, "runs"), exist_ok=True)
    write_manifest(args, axes, fixed_sets, seeds)
    results, pending = {}, []
    # A run written by another build of eesim (a rebuilt simulator) is not this build's result.
    build = None if args.reuse_any_build else build_identity(args.eesim)
    other_builds = 0
    for run in runs:
        summary = None if args.rerun else read_complete_summary(run.folder)
        if summary is not None and not args.reuse_any_build and not written_by(summary, build):
            other_builds += 1
            summary = None
        if summary is None:
            pending.append(run)
        else:
            results[run.name] = (summary, "")
    if not args.quiet:
        where = "Slurm" if args.backend == "slurm" else "%d jobs" % args.jobs
        sys.stderr.write("sweep: %d runs (%d points x %d seeds): %d reused, %d to run on "
                         "%s%s\n" % (len(runs), len(runs) // len(seeds), len(seeds),
                                     len(runs) - len(pending), len(pending), where,
                                       " (%d written by another eesim build)" % other_builds
                                       if other_builds else ""))
    progress = Progress(len(pending), args.quiet)
    if args.backend == "slurm":
        if not SlurmSweep(args, pending, progress, results).run():
            return 0  # --submit-only
    else:
        # Paths as given: eesim runs in our folder, and its messages then name what was typed.
        runner = Runner(args.eesim, args.scenario)
        run_pending(runner, pending, args.jobs, progress, results)
    csv_path = os.path.join(args.out, "sweep.csv")
    write_csv(csv_path, axes, runs, results)
    failed = [run for run in runs if results[run.name][0] is None]
    for run in failed:
        sys.stderr.write("sweep: point %d seed %d failed: %s\n"
                         % (run.point_index, run.seed, results[run.name][1]))
    if not args.quiet:
        sys.stderr.write("sweep: wrote %s (%d runs, %d failed)\n"
                         % (csv_path, len(runs), len(failed)))
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# The Slurm backend (scripts/sweep_slurm.py submits, watches and cancels)


def check_before_submitting(args):
    """The paths compute nodes will use are absolute and readable, and the scenario with the
    fixed options is valid here (its model and data files included), before anything queues."""
    sweep_slurm.check_readable([("eesim", args.eesim), ("scenario", args.scenario),
                                ("sweep folder", args.out)])
    command = [args.eesim, "validate", args.scenario]
    for item in args.set:
        command += ["--set", item]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SweepError(last_error_line(result.stderr, result.returncode))


class SlurmSweep:
    """One invocation's pending runs on Slurm, filling `results` as their statuses appear. A job
    that an earlier invocation submitted and Slurm still holds is waited for, not submitted
    twice; whatever it leaves incomplete, failures included, is submitted again."""

    def __init__(self, args, pending, progress, results):
        self.args, self.progress, self.results = args, progress, results
        self.backend = sweep_slurm.SlurmBackend(args.out, args, write_text_atomically)
        self.by_folder = {os.path.abspath(run.folder): run for run in pending}
        self.finished = set()
        self.job = None

    def run(self):
        """Returns False after --submit-only (nothing waited for), True when every run ended."""
        try:
            if not self.wait_for_earlier_job():
                return False
            remaining = [run for folder, run in self.by_folder.items()
                         if folder not in self.finished]
            return self.submit_and_wait(remaining) if remaining else True
        except Interrupted:
            if self.job is not None:
                self.backend.cancel(self.job)
            raise
        except sweep_slurm.SlurmError as error:
            raise SweepError(str(error)) from None

    def wait_for_earlier_job(self):
        self.job = self.backend.recorded_job()
        if self.job is None:
            return True
        if self.args.submit_only:
            self.say("sweep: job %s, submitted earlier, is still queued or running; collect it "
                     "with sweep.py --collect --out %s" % (self.job, self.args.out), always=True)
            return False
        self.say("sweep: waiting for job %s, submitted earlier" % self.job)
        self.backend.wait(self.job, list(self.by_folder), self.record_if_complete)
        return True

    def submit_and_wait(self, remaining):
        check_before_submitting(self.args)
        task_command = [sys.executable, os.path.abspath(__file__), "--slurm-task"]
        self.job = self.backend.submit(
            task_command, [run.to_spec(self.args.eesim, self.args.scenario) for run in remaining])
        if self.args.submit_only:
            self.say("sweep: submitted job %s (%d runs); collect it with sweep.py --collect "
                     "--out %s, or rerun this command" % (self.job, len(remaining), self.args.out),
                     always=True)
            return False
        self.say("sweep: submitted job %s" % self.job)
        missing = self.backend.wait(self.job, [os.path.abspath(run.folder) for run in remaining],
                                    self.record)
        for folder in missing:
            self.record(folder, "failed", "the Slurm task ended without a status (cancelled, out "
                        "of time or memory?); see %s" % self.backend.task_log(self.job))
        return True

    def record_if_complete(self, folder, status, error):
        """An earlier job's run counts only when complete: its failures are this invocation's
        to run again."""
        if status == "complete" and read_complete_summary(folder) is not None:
            self.record(folder, status, error)

    def record(self, folder, status, error):
        summary = read_complete_summary(folder) if status == "complete" else None
        if status == "complete" and summary is None:
            error = "%s: no complete summary.json after eesim finished" % folder
        self.results[self.by_folder[folder].name] = (summary, error)
        self.finished.add(folder)
        self.progress.advance(failed=summary is None)

    def say(self, line, always=False):
        if always or not self.args.quiet:
            sys.stderr.write(line + "\n")


def run_slurm_task(tasks_file):
    """One array task (sweep.py --slurm-task FILE): runs its runs, writing each one's status."""
    with open(tasks_file, encoding="utf-8") as handle:
        tasks = json.load(handle)["tasks"]
    index = int(os.environ.get("SLURM_ARRAY_TASK_ID", "-1"))
    if not 0 <= index < len(tasks):
        sys.stderr.write("sweep: %s has no task %d\n" % (tasks_file, index))
        return 2
    for spec in tasks[index]:
        run = Run.from_spec(spec)
        summary, error = Runner(spec["eesim"], spec["scenario"]).execute(run)
        status = {"status": "complete" if summary is not None else "failed", "error": error}
        write_text_atomically(sweep_slurm.status_path(run.folder), json.dumps(status) + "\n")
    return 0


def restore_sweep_definition(args):
    """--collect: the scenario, grid, sets, seeds and Slurm options of the sweep in --out."""
    try:
        with open(os.path.join(args.out, "sweep.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        with open(os.path.join(args.out, "slurm", "options.json"), encoding="utf-8") as handle:
            options = json.load(handle)
    except FileNotFoundError as error:
        raise SweepError("%s: no Slurm sweep to collect here (no %s)"
                         % (args.out, os.path.relpath(error.filename, args.out))) from None
    except (OSError, ValueError) as error:
        raise SweepError("%s: cannot read the Slurm sweep's definition (%s)"
                         % (args.out, error)) from None
    args.scenario = manifest["scenario"]
    args.grid = ["%s=%s" % (",".join(axis["keys"]), json.dumps(axis["values"]))
                 for axis in manifest["grid"]]
    args.set = manifest["set"]
    args.seeds, args.seed_list = None, ",".join(str(seed) for seed in manifest["seeds"])
    for name, value in options.items():
        setattr(args, name, value)
    args.backend = "slurm"


SLURM_OPTIONS = ("eesim", "partition", "time", "mem", "sbatch_arg", "runs_per_task", "poll_s")


def prepare_slurm(args):
    """Absolute paths (compute nodes resolve nothing against our folder) and the options a
    later --collect reuses."""
    if args.collect:
        restore_sweep_definition(args)
    args.eesim, args.out = os.path.abspath(args.eesim), os.path.abspath(args.out)
    args.scenario = os.path.abspath(args.scenario)
    if args.runs_per_task < 1:
        raise SweepError("--runs-per-task must be >= 1, got %d" % args.runs_per_task)
    os.makedirs(os.path.join(args.out, "slurm"), exist_ok=True)
    write_text_atomically(os.path.join(args.out, "slurm", "options.json"),
                          json.dumps({name: getattr(args, name) for name in SLURM_OPTIONS},
                                     indent=2) + "\n")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        prog="sweep.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="SPEC: a:b:n (n values from a to b inclusive), [v1,v2,...] (JSON), or one value. "
               "KEY is a dotted path as for eesim --set (nodes.0.capacity_gflops); "
               "KEY1,KEY2=[[v1,w1],...] varies keys together.")
    parser.add_argument("scenario", nargs="?", help="base scenario JSON file")
    parser.add_argument("--out", help="sweep folder (run folders + sweep.csv); required")
    parser.add_argument("--grid", action="append", default=[], metavar="KEY=SPEC",
                        help="a grid axis; several multiply")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="a fixed override passed to every run (before the grid's)")
    parser.add_argument("--seeds", type=int, help="run seeds 1..N for every point")
    parser.add_argument("--seed-list", help="run these seeds for every point (comma-separated)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="runs at a time (default: the number of cores)")
    parser.add_argument("--eesim", default=DEFAULT_EESIM,
                        help="eesim executable (default: build/release/eesim)")
    parser.add_argument("--rerun", action="store_true",
                        help="rerun every point, even those already complete")
    parser.add_argument("--reuse-any-build", action="store_true",
                        help="reuse complete runs even when another build of eesim wrote them "
                             "(by default they are rerun)")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    slurm = parser.add_argument_group(
        "Slurm", "run the sweep as a Slurm job array (folders and files on a shared filesystem)")
    slurm.add_argument("--backend", choices=("local", "slurm"), default="local",
                       help="where the runs run (default: local, on --jobs cores)")
    slurm.add_argument("--partition", help="sbatch --partition")
    slurm.add_argument("--time", help="sbatch --time: the limit per array task")
    slurm.add_argument("--mem", help="sbatch --mem: the memory per array task")
    slurm.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG",
                       help="any other sbatch option, e.g. --sbatch-arg=--account=A (repeatable)")
    slurm.add_argument("--runs-per-task", type=int, default=1, metavar="N",
                       help="runs one array task runs one after the other (default 1)")
    slurm.add_argument("--submit-only", action="store_true",
                       help="return after submitting; --collect (or the same command) finishes")
    slurm.add_argument("--collect", action="store_true",
                       help="finish the Slurm sweep in --out (wait, resubmit what is "
                            "incomplete, write sweep.csv); needs only --out")
    slurm.add_argument("--poll-s", type=float, default=2.0, metavar="S",
                       help="seconds between looks at the run folders while waiting (default 2)")
    slurm.add_argument("--slurm-task", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scenario is None and not (args.collect or args.slurm_task):
        parser.error("the scenario is required (except with --collect)")
    if args.collect:
        args.backend = "slurm"
    return args


def main(argv=None):
    args = parse_arguments(argv)
    install_signal_handlers()
    if args.slurm_task:
        try:
            return run_slurm_task(args.slurm_task)
        except Interrupted as interruption:  # scancel, or the task's time limit
            return 128 + interruption.signum
    if args.out is None:
        sys.stderr.write("sweep: --out is required\n")
        return 2
    try:
        if args.backend == "slurm":
            prepare_slurm(args)
        return sweep(args)
    except SweepError as error:
        sys.stderr.write("sweep: %s\n" % error)
        return 2
    except Interrupted as interruption:
        sys.stderr.write("\nsweep: interrupted; finished runs are kept in %s, rerun the same "
                         "command to resume\n" % args.out)
        return 128 + interruption.signum


if __name__ == "__main__":
    sys.exit(main())
