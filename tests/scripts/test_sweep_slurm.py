#!/usr/bin/python3
"""Tests of scripts/sweep.py's Slurm backend against a real Slurm: a single-node cluster on this
machine (scripts/slurm-test-cluster, started and stopped by CTest fixtures around these tests).

The backend must give the local backend's sweep.csv byte for byte, resume a sweep whose task was
killed, finish a --submit-only sweep with --collect, report a failing point like the local
backend, cancel its job on SIGTERM, and check its inputs before anything queues.

SLURM_CONF names the cluster's configuration (CTest sets it); the test exits 77 (reported as
skipped) when the cluster could not be started, saying why. EESIM names the executable.
Run one class with `tests/scripts/test_sweep_slurm.py SlurmSweepTest.test_...`.
"""
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
EESIM = os.path.abspath(os.environ.get("EESIM", os.path.join(REPO_ROOT, "build", "release",
                                                              "eesim")))
SKIP = 77

# Two thresholds x two seeds of 20 requests: four runs of a fraction of a second each.
GRID = ["--set", "requests.count=20", "--grid", "policies.exit.params.threshold=[0.5,0.9]",
        "--seeds", "2"]


def cluster_ready():
    configuration = os.environ.get("SLURM_CONF", "")
    if not configuration or not os.path.exists(configuration):
        return False
    result = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True)
    return result.returncode == 0 and result.stdout.strip() in ("idle", "mixed", "allocated")


def sweep(out, *options, check=True):
    result = subprocess.run([sys.executable, SWEEP, QUICKSTART, "--out", out, "--eesim", EESIM,
                             "--quiet", "--poll-s", "0.2", *options],
                            capture_output=True, text=True)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def submitted_job(out):
    with open(os.path.join(out, "slurm", "submission.json"), encoding="utf-8") as handle:
        return json.load(handle)["job"]


def job_gone(job):
    listed = subprocess.run(["squeue", "-h", "-j", str(job), "-o", "%i"], capture_output=True,
                            text=True)
    return listed.returncode != 0 or listed.stdout.strip() == ""


def wait_until(condition, seconds=60):
    deadline = time.time() + seconds
    while not condition():
        if time.time() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.2)


class SlurmSweepTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.local = os.path.join(cls.folder.name, "local")
        sweep(cls.local, *GRID, "--jobs", "2")

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def out(self, name):
        return os.path.join(self.folder.name, name)

    def test_gives_the_local_backends_csv_byte_for_byte(self):
        out = self.out("slurm")
        sweep(out, *GRID, "--backend", "slurm", "--runs-per-task", "3")
        self.assertEqual(read(os.path.join(out, "sweep.csv")),
                         read(os.path.join(self.local, "sweep.csv")))
        with open(os.path.join(out, "slurm", "submission.json"), encoding="utf-8") as handle:
            tasks_file = json.load(handle)["tasks"]
        with open(tasks_file, encoding="utf-8") as handle:
            self.assertEqual([len(task) for task in json.load(handle)["tasks"]], [3, 1])

    def test_a_killed_task_is_resubmitted_and_the_rest_reused(self):
        out = self.out("killed")
        # Held, so that task 0 can be cancelled before it starts; the others then run.
        sweep(out, *GRID, "--backend", "slurm", "--submit-only", "--sbatch-arg=--hold")
        job = submitted_job(out)
        subprocess.run(["scancel", "%s_0" % job], check=True)
        subprocess.run(["scontrol", "release", str(job)], check=True)
        wait_until(lambda: job_gone(job))
        resumed = subprocess.run([sys.executable, SWEEP, QUICKSTART, "--out", out, "--eesim",
                                  EESIM, "--poll-s", "0.2", *GRID, "--backend", "slurm"],
                                 capture_output=True, text=True)
        self.assertEqual(resumed.returncode, 0, resumed.stderr)
        self.assertIn("3 reused, 1 to run on Slurm", resumed.stderr)
        self.assertEqual(read(os.path.join(out, "sweep.csv")),
                         read(os.path.join(self.local, "sweep.csv")))

    def test_collect_finishes_a_sweep_submitted_only(self):
        out = self.out("collect")
        submitted = sweep(out, *GRID, "--backend", "slurm", "--submit-only")
        self.assertFalse(os.path.exists(os.path.join(out, "sweep.csv")), submitted.stderr)
        collected = subprocess.run([sys.executable, SWEEP, "--collect", "--out", out, "--quiet"],
                                   capture_output=True, text=True)
        self.assertEqual(collected.returncode, 0, collected.stderr)
        self.assertEqual(read(os.path.join(out, "sweep.csv")),
                         read(os.path.join(self.local, "sweep.csv")))

    def test_a_failing_point_is_reported_like_a_local_one(self):
        grid = ["--set", "requests.count=20", "--grid", "wifi.tx_power_dbm=[20,99]"]
        local = sweep(self.out("failing-local"), *grid, check=False)
        remote = sweep(self.out("failing-slurm"), *grid, "--backend", "slurm", check=False)
        self.assertEqual((local.returncode, remote.returncode), (1, 1), remote.stderr)
        csv = read(os.path.join(self.out("failing-slurm"), "sweep.csv")).decode()
        self.assertIn('failed,"eesim: ', csv)
        self.assertIn("/wifi/tx_power_dbm: out of range", csv)
        self.assertEqual(csv, read(os.path.join(self.out("failing-local"), "sweep.csv")).decode())

    def test_sigterm_while_waiting_cancels_the_job_and_exits_143(self):
        out = self.out("terminated")
        process = subprocess.Popen([sys.executable, SWEEP, QUICKSTART, "--out", out, "--eesim",
                                    EESIM, "--quiet", "--poll-s", "0.2", *GRID, "--backend",
                                    "slurm", "--sbatch-arg=--hold"],
                                   stderr=subprocess.PIPE, text=True)
        wait_until(lambda: os.path.exists(os.path.join(out, "slurm", "submission.json")))
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
        self.assertEqual(process.returncode, 143, stderr)
        job = submitted_job(out)
        wait_until(lambda: job_gone(job), 30)

    def test_inputs_are_checked_before_anything_queues(self):
        out = self.out("refused")
        result = sweep(out, *GRID, "--backend", "slurm", "--set", "model=/nonexistent/m.eem",
                       check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("/nonexistent/m.eem", result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "slurm", "submission.json")))


if __name__ == "__main__":
    if not cluster_ready():
        print("SKIPPED: no Slurm cluster (SLURM_CONF=%s); scripts/slurm-test-cluster start DIR "
              "starts one, as root with Debian's slurm packages installable"
              % os.environ.get("SLURM_CONF", ""))
        sys.exit(SKIP)
    unittest.main()
