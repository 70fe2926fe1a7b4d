#!/usr/bin/python3
"""Mutation check: do the tests notice deliberate bugs?

    scripts/mutants.py [--build-dir build/release] [--only ID ...] [--list | --check]

Applies each mutant of tests/mutation/mutants.json to the source tree, one at a time (a text that
must occur exactly once in its file, replaced by a deliberate bug: busy and idle power swapped,
the T^2 factor dropped, `--set` ignored, ...), rebuilds the release build, runs the tests and
restores the file. Each mutant names the test written to catch it (`caught_by`, a CTest name
regex): that test runs first, and only when it passes does the rest of the release suite run
(stopping at the first failure). A mutant is *killed* when a test fails (by its own test, or by
another one: then its own test misses the bug it was written for), *survived* when the whole
suite passes (a missing test), and *stillborn* when it does not compile (not counted). Prints
each outcome and the score (killed over killed + survived); exits 0, or 2 when a mutant's text
is not found exactly once, its `caught_by` names no test, or the unmutated tree does not build.

`--check` only verifies the list (each text found exactly once, each `caught_by` naming a test
of the build), which the test suite does so that a change to the code cannot leave a mutant
that no longer applies.

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
    p.add_argument("--check", action="store_true",
                   help="check that every mutant applies and names a test, and exit")
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


def check_caught_by(args, mutants):
    for m in mutants:
        if not tests_named(args, m["caught_by"]):
            print(f"mutants.py: {m['id']}: caught_by '{m['caught_by']}' names no test",
                  file=sys.stderr)
            sys.exit(2)


def build(args):
    return subprocess.run(["cmake", "--build", args.build_dir, f"-j{args.jobs}"],
                          capture_output=True, text=True).returncode == 0


def ctest(args, *selection):
    """Runs the selected tests; returns whether all passed and the names of those that failed."""
    result = subprocess.run(["ctest", "--test-dir", args.build_dir, f"-j{args.jobs}",
                             "--stop-on-failure", "--output-on-failure", *selection],
                            capture_output=True, text=True, errors="replace")
    failed = re.findall(r"Test +#\d+: (.+?) \.+ *\*\*\*(?:Failed|Exception|Timeout)", result.stdout)
    return result.returncode == 0, failed


def tests_named(args, regex):
    listing = subprocess.run(["ctest", "--test-dir", args.build_dir, "-N", "-R", regex],
                             capture_output=True, text=True).stdout
    return re.findall(r"Test +#\d+: (.+)", listing)


def outcome_of(args, mutant):
    """(outcome, detail) of the applied mutant: its own test first, then the rest of the suite."""
    own_passed, failed = ctest(args, "-R", mutant["caught_by"])
    if not own_passed:
        return "killed", f"by its test: {failed[0] if failed else '?'}"
    rest_passed, failed = ctest(args, "-E", mutant["caught_by"])
    if not rest_passed:
        return "killed", f"NOT by its test, by: {failed[0] if failed else '?'}"
    return "survived", ""


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
            print(f"{m['id']:52} {m['file']:40} caught by: {m['caught_by']}")
        return 0
    if args.check:
        check_caught_by(args, mutants)
        print(f"{len(mutants)} mutants apply, each to one place, and name their tests")
        return 0
    # Ctrl-C or SIGTERM unwind through the `with` block, which restores the file.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not build(args):
        print("mutants.py: the unmutated tree does not build", file=sys.stderr)
        return 2
    check_caught_by(args, mutants)
    results = []
    for i, m in enumerate(mutants, 1):
        start = time.time()
        with Applied(m):
            if not build(args):
                outcome, detail = "stillborn", "does not compile"
            else:
                outcome, detail = outcome_of(args, m)
        results.append((m, outcome, detail))
        print(f"[{i}/{len(mutants)}] {m['id']}: {outcome} ({time.time() - start:.0f} s) {detail}",
              flush=True)
    build(args)  # leave the build matching the restored tree
    killed = sum(1 for _, o, _ in results if o == "killed")
    survived = [m["id"] for m, o, _ in results if o == "survived"]
    counted = killed + len(survived)
    print()
    missed = [m["id"] for m, o, d in results if o == "killed" and d.startswith("NOT")]
    print(f"{killed} of {counted} mutants killed ({100 * killed / max(counted, 1):.0f} %)"
          + (f"; survived: {', '.join(survived)}" if survived else ""))
    print(f"{killed - len(missed)} killed by the test written for them"
          + (f"; by other tests only: {', '.join(missed)}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
