#!/usr/bin/python3
"""Tests of scripts/sweep.py: grid parsing, the CSV of a tiny sweep, resuming a killed sweep, and
a failing point that does not stop the others.

The eesim executable comes from the EESIM environment variable (CTest sets it), else
build/release/eesim. Run one class with `tests/scripts/test_sweep.py GridParsingTest`.
"""

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SWEEP = os.path.join(REPO_ROOT, "scripts", "sweep.py")
QUICKSTART = os.path.join(REPO_ROOT, "scenarios", "quickstart.json")
EESIM = os.environ.get("EESIM", os.path.join(REPO_ROOT, "build", "release", "eesim"))

sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
import sweep  # noqa: E402  (the module under test lives in scripts/)

# A quickstart run of 20 requests takes a fraction of a second.
TINY = ["--set", "requests.count=20"]


def sweep_command(out, *options):
    return [sys.executable, SWEEP, QUICKSTART, "--out", out, "--eesim", EESIM, "--quiet",
            *TINY, *options]


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_bytes(path):
    with open(path, "rb") as handle:
        return handle.read()


def summary_mtimes(out):
    """run name -> mtime (ns) of its summary.json, for runs that completed."""
    times = {}
    runs = os.path.join(out, "runs")
    for name in sorted(os.listdir(runs)):
        if sweep.read_complete_summary(os.path.join(runs, name)) is not None:
            times[name] = os.stat(os.path.join(runs, name, "summary.json")).st_mtime_ns
    return times


class DefaultExecutableTest(unittest.TestCase):
    """The scripts' default --eesim is where CMake puts the executable (the build folder's top),
    so that a fresh checkout's sweeps and figures run the build they just made."""

    def test_defaults_name_the_executable_cmake_builds(self):
        build_dir = os.path.dirname(os.path.abspath(EESIM))
        self.assertTrue(os.path.exists(os.path.join(build_dir, "CMakeCache.txt")),
                        "%s is not at the top of its build folder" % EESIM)
        release = os.path.join(REPO_ROOT, "build", "release")
        self.assertEqual(sweep.DEFAULT_EESIM, os.path.join(release, os.path.basename(EESIM)))
        sys.path.insert(0, os.path.join(REPO_ROOT, "scripts", "figures"))
        import figlib  # noqa: E402  (relative to the repository, where the figures run)
        self.assertEqual(os.path.join(REPO_ROOT, figlib.DEFAULT_EESIM), sweep.DEFAULT_EESIM)


class GridParsingTest(unittest.TestCase):
    """SPEC and KEY parsing, without running anything."""

    def test_integer_range_is_inclusive(self):
        self.assertEqual(sweep.parse_spec("-10:25:8"), [-10, -5, 0, 5, 10, 15, 20, 25])

    def test_float_range_has_no_binary_noise(self):
        self.assertEqual(sweep.parse_spec("0.1:0.5:5"), [0.1, 0.2, 0.3, 0.4, 0.5])
        self.assertEqual(sweep.parse_spec("0.5:0.99:2"), [0.5, 0.99])

    def test_integer_bounds_with_fractional_steps_give_floats(self):
        self.assertEqual(sweep.parse_spec("0:1:3"), [0.0, 0.5, 1.0])

    def test_single_point_range(self):
        self.assertEqual(sweep.parse_spec("3:7:1"), [3])

    def test_json_list_of_numbers_strings_and_objects(self):
        self.assertEqual(sweep.parse_spec('[0, 5.5, "oracle", {"threshold": 0.9}]'),
                         [0, 5.5, "oracle", {"threshold": 0.9}])

    def test_single_values(self):
        self.assertEqual(sweep.parse_spec("12"), [12])
        self.assertEqual(sweep.parse_spec("802.11ac"), ["802.11ac"])
        self.assertEqual(sweep.parse_spec("true"), [True])
        self.assertEqual(sweep.parse_spec('{"a": 1}'), [{"a": 1}])

    def test_nested_paths_and_array_indices(self):
        keys, values = sweep.parse_grid_option("nodes.0.fluctuation.volatility=[0.1,0.2]")
        self.assertEqual(keys, ("nodes.0.fluctuation.volatility",))
        self.assertEqual(values, [(0.1,), (0.2,)])

    def test_keys_varied_together(self):
        keys, values = sweep.parse_grid_option('a.b,c=[[1,"x"],[2,"y"]]')
        self.assertEqual(keys, ("a.b", "c"))
        self.assertEqual(values, [(1, "x"), (2, "y")])

    def test_grids_multiply_first_slowest(self):
        axes = sweep.build_axes(["a=[1,2]", "b=[3,4,5]"])
        points = sweep.expand_points(axes)
        self.assertEqual(len(points), 6)
        self.assertEqual(points[0], [("a", 1), ("b", 3)])
        self.assertEqual(points[1], [("a", 1), ("b", 4)])
        self.assertEqual(points[5], [("a", 2), ("b", 5)])

    def test_set_argument_keeps_types(self):
        self.assertEqual(sweep.set_argument("x", "1"), 'x="1"')
        self.assertEqual(sweep.set_argument("x", 1), "x=1")
        self.assertEqual(sweep.set_argument("p", {"b": 2, "a": 1}), 'p={"a":1,"b":2}')

    def test_seeds(self):
        self.assertEqual(sweep.parse_seeds(3, None, {}), [1, 2, 3])
        self.assertEqual(sweep.parse_seeds(None, "7,2", {}), [7, 2])
        self.assertEqual(sweep.parse_seeds(None, None, {"seed": 9}), [9])

    def test_bad_specs_are_refused(self):
        bad = ["x", "=1", "x=", "x=1:2:0", "x=1:2:1.5", "x=1:2:-3", "x=[1,2", "x=[]",
               "a..b=1", "a.=1", "0a=1", "a,b=[1,2]", "a,b=[[1]]", "a,b=1", "seed=[1,2]"]
        for option in bad:
            with self.subTest(option=option):
                with self.assertRaises(sweep.SweepError):
                    sweep.parse_grid_option(option)

    def test_key_in_two_grids_is_refused(self):
        with self.assertRaises(sweep.SweepError):
            sweep.build_axes(["a=[1,2]", "b,a=[[1,2]]"])

    def test_bad_seeds_are_refused(self):
        for seeds, seed_list in [(0, None), (None, "1,x"), (None, "1,1"), (2, "1")]:
            with self.subTest(seeds=seeds, seed_list=seed_list):
                with self.assertRaises(sweep.SweepError):
                    sweep.parse_seeds(seeds, seed_list, {})

    def test_bad_command_line_exits_2_with_one_line(self):
        with tempfile.TemporaryDirectory() as work:
            result = subprocess.run(
                sweep_command(os.path.join(work, "s"), "--grid", "x=1:2:0"),
                capture_output=True, text=True)
            self.assertEqual(result.returncode, 2)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            missing = subprocess.run(
                [sys.executable, SWEEP, os.path.join(work, "none.json"), "--out", work,
                 "--eesim", EESIM], capture_output=True, text=True)
            self.assertEqual(missing.returncode, 2)
            self.assertIn("none.json", missing.stderr)


class CsvCollectionTest(unittest.TestCase):
    """A 2 x 2-seed sweep of the quickstart: one row per run, in grid order, from summary.json."""

    def test_rows_match_the_run_summaries(self):
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "sweep")
            result = subprocess.run(
                sweep_command(out, "--grid", "policies.exit.params.threshold=[0.5,0.9]",
                              "--seeds", "2", "--jobs", "2"),
                capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            rows = read_rows(os.path.join(out, "sweep.csv"))
            self.assertEqual([(r["point"], r["policies.exit.params.threshold"], r["seed"])
                              for r in rows],
                             [("0", "0.5", "1"), ("0", "0.5", "2"),
                              ("1", "0.9", "1"), ("1", "0.9", "2")])
            for row in rows:
                with open(os.path.join(out, "runs", row["run"], "summary.json")) as handle:
                    summary = json.load(handle)
                self.assertEqual(row["status"], "complete")
                self.assertEqual(row["error"], "")
                self.assertEqual(float(row["accuracy"]), summary["accuracy"])
                self.assertEqual(float(row["latency_p95_s"]), summary["latency_s"]["p95"])
                self.assertEqual(float(row["computation_saved"]),
                                 summary["computation"]["saved"])
                self.assertEqual(int(row["requests_completed"]), 20)
                self.assertEqual(int(row["requests_dropped"]), 0)
                self.assertEqual(int(summary["provenance"]["seed"]), int(row["seed"]))
                # The quickstart has no deadline: those columns stay empty.
                self.assertEqual(row["deadline_hit_rate"], "")
            # A higher threshold exits less at exit 0, so it computes more.
            saved = {r["policies.exit.params.threshold"]: float(r["computation_saved"])
                     for r in rows if r["seed"] == "1"}
            self.assertGreater(saved["0.5"], saved["0.9"])


class ResumeTest(unittest.TestCase):
    """A sweep killed midway resumes: finished runs are reused, the CSV equals a straight run."""

    GRID = ["--grid", "policies.exit.params.threshold=0.3:0.98:8", "--jobs", "1"]

    def reference_csv(self, work):
        out = os.path.join(work, "straight")
        subprocess.run(sweep_command(out, *self.GRID), check=True)
        return read_bytes(os.path.join(out, "sweep.csv"))

    def start_and_stop(self, out, stop):
        """Starts the sweep in its own process group; `stop(process)` once 3 runs finished."""
        process = subprocess.Popen(sweep_command(out, *self.GRID), start_new_session=True,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            if os.path.isdir(os.path.join(out, "runs")) and len(summary_mtimes(out)) >= 3:
                break
            time.sleep(0.02)
        self.assertIsNone(process.poll(), "the sweep finished before it could be killed")
        stop(process)
        return process.wait(timeout=30)

    def check_resume(self, work, out):
        finished = summary_mtimes(out)
        self.assertGreaterEqual(len(finished), 3)
        self.assertLess(len(finished), 8)
        # Make one finished run look half-written: it must be rerun, not reused.
        spoiled = sorted(finished)[0]
        spoiled_summary = os.path.join(out, "runs", spoiled, "summary.json")
        with open(spoiled_summary, "w") as handle:
            handle.write('{"status": "interrupted"}\n')
        del finished[spoiled]
        time.sleep(0.01)  # a rerun's mtime must differ from the spoiled file's
        subprocess.run(sweep_command(out, *self.GRID), check=True)
        after = summary_mtimes(out)
        self.assertEqual(len(after), 8)
        for name, mtime in finished.items():
            self.assertEqual(after[name], mtime, "finished run %s was rerun" % name)
        with open(spoiled_summary) as handle:
            self.assertEqual(json.load(handle)["status"], "complete")
        self.assertEqual(read_bytes(os.path.join(out, "sweep.csv")), self.reference_csv(work))

    def test_killed_sweep_resumes(self):
        """SIGKILL to the sweep and its eesim: the run in flight is left half-written."""
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "killed")
            code = self.start_and_stop(out, lambda p: os.killpg(p.pid, signal.SIGKILL))
            self.assertEqual(code, -signal.SIGKILL)
            self.assertFalse(os.path.exists(os.path.join(out, "sweep.csv")))
            self.check_resume(work, out)

    def test_terminated_sweep_exits_143_and_resumes(self):
        """SIGTERM to the sweep alone: it stops its eesim runs and exits 128 + 15."""
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "terminated")
            code = self.start_and_stop(out, lambda p: p.send_signal(signal.SIGTERM))
            self.assertEqual(code, 143)
            self.check_resume(work, out)


class OtherBuildTest(unittest.TestCase):
    """A run written by another build of eesim is rerun, unless --reuse-any-build."""

    GRID = ["--grid", "policies.exit.params.threshold=[0.5,0.9]", "--jobs", "1"]

    def test_runs_of_another_build_are_rerun(self):
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "sweep")
            subprocess.run(sweep_command(out, *self.GRID), check=True)
            first = summary_mtimes(out)
            self.assertEqual(len(first), 2)
            # Make one run look as if an older build had written it.
            older = sorted(first)[0]
            path = os.path.join(out, "runs", older, "summary.json")
            with open(path) as handle:
                summary = json.load(handle)
            self.assertTrue(summary["provenance"]["eesim_build"].startswith("crc32:"))
            summary["provenance"]["eesim_build"] = "crc32:00000000"
            with open(path, "w") as handle:
                json.dump(summary, handle)
            kept = summary_mtimes(out)
            time.sleep(0.01)
            subprocess.run(sweep_command(out, "--reuse-any-build", *self.GRID), check=True)
            self.assertEqual(summary_mtimes(out), kept, "--reuse-any-build reran a run")
            subprocess.run(sweep_command(out, *self.GRID), check=True)
            after = summary_mtimes(out)
            self.assertNotEqual(after[older], kept[older], "another build's run was reused")
            other = sorted(first)[1]
            self.assertEqual(after[other], kept[other], "this build's run was rerun")


class FailingPointTest(unittest.TestCase):
    """An out-of-range value fails its point only; the CSV says why, the exit code is 1."""

    def test_failure_is_reported_and_the_others_run(self):
        with tempfile.TemporaryDirectory() as work:
            out = os.path.join(work, "sweep")
            result = subprocess.run(
                sweep_command(out, "--grid", "requests.count=[20,0,10]", "--jobs", "2"),
                capture_output=True, text=True)
            self.assertEqual(result.returncode, 1)
            rows = read_rows(os.path.join(out, "sweep.csv"))
            self.assertEqual([r["status"] for r in rows], ["complete", "failed", "complete"])
            self.assertIn("/requests/count", rows[1]["error"])
            self.assertIn("out of range", rows[1]["error"])
            self.assertEqual(rows[1]["accuracy"], "")
            self.assertEqual([r["requests_completed"] for r in rows], ["20", "", "10"])
            self.assertIn("point 1 seed 1 failed", result.stderr)
            # Rerunning retries only the failed point; the CSV is the same.
            first = read_bytes(os.path.join(out, "sweep.csv"))
            again = subprocess.run(
                sweep_command(out, "--grid", "requests.count=[20,0,10]"), capture_output=True)
            self.assertEqual(again.returncode, 1)
            self.assertEqual(read_bytes(os.path.join(out, "sweep.csv")), first)


if __name__ == "__main__":
    unittest.main()
