#!/usr/bin/python3
"""Mutation check: do the tests notice deliberate bugs?

    scripts/mutants.py [--build-dir build/release] [--only ID ...] [--list]

Applies each mutant of tests/mutation/mutants.json to the source tree, one at a time (a text that
must occur exactly once in its file, replaced by a deliberate bug: busy and idle power swapped,
the T^2 factor dropped, `--set` ignored, ...), rebuilds the release build, runs the release suite
(`ctest --preset release`, stopping at the first failure) and restores the file. A mutant is
*killed* when some test fails, *survived* when the whole suite passes (a missing test), and
*stillborn* when it does not compile (not counted). Prints each outcome and the score (killed
over killed + survived); exits 0, or 2 when a mutant's text is not found exactly once or the
unmutated tree does not build.

Slow by design (a rebuild and the suite per mutant: one to three minutes each on two cores), so
it is not part of scripts/test. Every file is restored however the script ends, Ctrl-C included.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MUTANTS = os.path.join(REPO, "tests", "mutation", "mutants.json")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build-dir", default=os.path.join(REPO, "build", "release"),
                   help="the configured release build (default build/release)")
    p.add_argument("--only", nargs="+", metavar="ID", help="run only these mutants")
    p.add_argument("--list", action="store_true", help="list the mutants and exit")
    p.add_argument("--jobs", type=int, default=2, help="build and test jobs (default 2)")
    return p.parse_args()


def load_mutants(only):
    with open(MUTANTS) as f:
        mutants = json.load(f)
    if only:
        unknown = set(only) - {m["id"] for m in mutants}
        if unknown:
            sys.exit(f"mutants.py: unknown mutant {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m["id"] in only]
    for m in mutants:
        with open(os.path.join(REPO, m["file"])) as f:
            found = f.read().count(m["find"])
        if found != 1:
            print(f"mutants.py: {m['id']}: its text occurs {found} times in {m['file']} "
                  "(must be once)", file=sys.stderr)
            sys.exit(2)
    return mutants


def build(args):
    return subprocess.run(["cmake", "--build", args.build_dir, f"-j{args.jobs}"],
                          capture_output=True, text=True).returncode == 0


def suite_passes(args):
    result = subprocess.run(["ctest", "--test-dir", args.build_dir, f"-j{args.jobs}",
                             "--stop-on-failure", "--output-on-failure"],
                            capture_output=True, text=True)
    failed = re.findall(r"Test +#\d+: (.+?) \.+ *\*\*\*(?:Failed|Exception|Timeout)", result.stdout)
    return result.returncode == 0, failed


class Applied:
    """A mutant applied to its file for the duration of a `with` block, restored after."""

    def __init__(self, mutant):
        self.path = os.path.join(REPO, mutant["file"])
        self.mutant = mutant

    def __enter__(self):
        with open(self.path) as f:
            self.original = f.read()
        with open(self.path, "w") as f:
            f.write(self.original.replace(self.mutant["find"], self.mutant["replace"]))
        return self

    def __exit__(self, *exc):
        with open(self.path, "w") as f:
            f.write(self.original)
        return False


def main():
    args = parse_args()
    mutants = load_mutants(args.only)
    if args.list:
        for m in mutants:
            print(f"{m['id']:48} {m['file']}")
        return 0
    # Ctrl-C or SIGTERM unwind through the `with` block, which restores the file.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not build(args):
        print("mutants.py: the unmutated tree does not build", file=sys.stderr)
        return 2
    results = []
    for i, m in enumerate(mutants, 1):
        start = time.time()
        with Applied(m):
            if not build(args):
                outcome, detail = "stillborn", "does not compile"
            else:
                passed, failed = suite_passes(args)
                outcome = "survived" if passed else "killed"
                detail = "" if passed else f"first failure: {failed[0] if failed else '?'}"
        results.append((m, outcome, detail))
        print(f"[{i}/{len(mutants)}] {m['id']}: {outcome} ({time.time() - start:.0f} s) {detail}",
              flush=True)
    build(args)  # leave the build matching the restored tree
    killed = sum(1 for _, o, _ in results if o == "killed")
    survived = [m["id"] for m, o, _ in results if o == "survived"]
    counted = killed + len(survived)
    print()
    print(f"{killed} of {counted} mutants killed ({100 * killed / max(counted, 1):.0f} %)"
          + (f"; survived: {', '.join(survived)}" if survived else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
