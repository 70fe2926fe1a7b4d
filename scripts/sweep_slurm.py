"""The Slurm backend of scripts/sweep.py: a sweep's pending runs as one job array.

Each array task runs a few of the runs (`--runs-per-task`) with `sweep.py --slurm-task FILE`, into
the same run folders as the local backend, and leaves beside each run folder a status file
(RUN.status.json: complete or failed, and eesim's one-line error), so nothing depends on Slurm's
accounting (`sacct` needs slurmdbd, which many clusters lack). The submitting side waits by
reading those files, asks `squeue` only whether the job is still there, and cancels it with
`scancel` when interrupted. Slurm itself schedules; nothing here does.

The sweep folder, the scenario, its model and data, and the eesim executable must be on a
filesystem the compute nodes share, under the same absolute paths.

Standard library only.
"""
import json
import os
import shlex
import subprocess
import time

STATUS_SUFFIX = ".status.json"


class SlurmError(Exception):
    """Submitting or asking Slurm failed (the message says how)."""


def status_path(run_folder):
    """The status file of a run: beside its folder, so that rerunning the folder keeps it."""
    return run_folder + STATUS_SUFFIX


def read_status(run_folder):
    """(status, error) from the run's status file, or None while there is none (or half of one)."""
    try:
        with open(status_path(run_folder), encoding="utf-8") as handle:
            status = json.load(handle)
        return status["status"], status["error"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_readable(paths):
    """Compute nodes open the files under the paths given here (absolute, as sweep.py makes
    them): each must at least be readable here."""
    for what, path in paths:
        if not os.access(path, os.R_OK):
            raise SlurmError("%s %s is not readable" % (what, path))


class SlurmBackend:
    """Submits, watches and cancels the job arrays of one sweep folder."""

    def __init__(self, out, options, write_text):
        self.folder = os.path.join(out, "slurm")
        self.options = options
        self.write_text = write_text  # atomic: a killed sweep never leaves half a file

    def recorded_job(self):
        """The job this sweep folder last submitted, while Slurm still has some of it queued or
        running; None otherwise."""
        try:
            with open(os.path.join(self.folder, "submission.json"), encoding="utf-8") as handle:
                job = json.load(handle)["job"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return job if self.job_active(job) else None

    @staticmethod
    def job_active(job):
        try:
            result = subprocess.run(["squeue", "--noheader", "--jobs", str(job), "--format",
                                     "%i"], capture_output=True, text=True)
        except OSError as error:
            raise SlurmError("cannot run squeue (%s): is this a Slurm login node?"
                             % error.strerror) from None
        # squeue refuses a job id it has forgotten: the job is over.
        return result.returncode == 0 and result.stdout.strip() != ""

    def submit(self, task_command, runs):
        """One array over `runs` (each a dict that --slurm-task reads) -> the job id."""
        os.makedirs(self.folder, exist_ok=True)
        per_task = self.options.runs_per_task
        tasks = [runs[i:i + per_task] for i in range(0, len(runs), per_task)]
        for run in runs:  # a status left by an earlier job would pass for this one's
            if os.path.exists(status_path(run["folder"])):
                os.remove(status_path(run["folder"]))
        tasks_file = os.path.join(self.folder, "tasks-%d.json" % time.time_ns())
        self.write_text(tasks_file, json.dumps({"tasks": tasks}, indent=1) + "\n")
        command = ["sbatch", "--parsable", "--array=0-%d" % (len(tasks) - 1),
                   "--job-name=eesim-sweep",
                   "--output=" + os.path.join(self.folder, "task-%A_%a.log")]
        for flag, value in (("--partition", self.options.partition),
                            ("--time", self.options.time), ("--mem", self.options.mem)):
            if value:
                command.append("%s=%s" % (flag, value))
        command += self.options.sbatch_arg
        command += ["--wrap", shlex.join(task_command + [tasks_file])]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError as error:
            raise SlurmError("cannot run sbatch (%s): is this a Slurm login node?"
                             % error.strerror) from None
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or ["exit code %d" % result.returncode]
            raise SlurmError("sbatch refused the job: %s" % lines[-1])
        job = result.stdout.strip().split(";")[0]
        self.write_text(os.path.join(self.folder, "submission.json"),
                        json.dumps({"job": job, "tasks": tasks_file, "runs": len(runs)},
                                   indent=2) + "\n")
        return job

    def wait(self, job, run_folders, on_status):
        """Calls on_status(folder, status, error) as each run's status appears, until every run
        has one or the job is gone; returns the folders the job left without a status (its
        task was cancelled, ran out of time or memory, or its node failed)."""
        waiting = list(run_folders)
        while waiting:
            active = self.job_active(job)  # asked before looking, so no status is missed
            still = []
            for folder in waiting:
                status = read_status(folder)
                if status is None:
                    still.append(folder)
                else:
                    on_status(folder, *status)
            waiting = still
            if not active:
                break
            if waiting:
                time.sleep(self.options.poll_s)
        return waiting

    def task_log(self, job):
        return os.path.join(self.folder, "task-%s_*.log" % job)

    @staticmethod
    def cancel(job):
        try:
            subprocess.run(["scancel", str(job)], capture_output=True)
        except OSError:
            pass  # no scancel: nothing of ours can be queued either
