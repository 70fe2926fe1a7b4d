#!/usr/bin/python3
"""Golden results: each shipped scenario, run with its own seed, gives exactly the recorded
outputs -- the SHA-256 of requests.csv, and every value of summary.json but the version.

    test_golden.py SCENARIO            compare (exit 0 when equal, 1 with the differences)
    test_golden.py SCENARIO --update   record the outputs of this build as the golden ones

EESIM names the executable. Record new goldens only for a change meant to change results, and
say so in its commit message; a refactoring must leave them as they are.

The goldens are this project's native Release build (-march=native): compared exactly there.
Builds for another instruction set (the asan preset) may round sums of products differently
(fused multiply-adds), so EESIM_GOLDEN_RELATIVE_TOLERANCE (set by CMake for such builds) lets
summary numbers differ in their last digits; requests.csv is still compared byte for byte.
"""
import hashlib
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
# Provenance that names the build, not the results.
UNPINNED = {("provenance", "eesim_version"), ("provenance", "eesim_build")}


def run(eesim, scenario, folder):
    subprocess.run([eesim, "run", str(ROOT / "scenarios" / f"{scenario}.json"), "--out", folder,
                    "--quiet"], check=True, stdout=subprocess.DEVNULL)
    digest = hashlib.sha256((pathlib.Path(folder) / "requests.csv").read_bytes()).hexdigest()
    summary = json.loads((pathlib.Path(folder) / "summary.json").read_text())
    return digest, summary


def same_value(expected, actual):
    tolerance = float(os.environ.get("EESIM_GOLDEN_RELATIVE_TOLERANCE", "0"))
    if tolerance > 0 and isinstance(expected, float) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=1e-300)
    return expected == actual


def differences(expected, actual, path=()):
    if path in UNPINNED:
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in sorted(set(expected) | set(actual)):
            found += differences(expected.get(key), actual.get(key), path + (key,))
        return found
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        found = []
        for index, (left, right) in enumerate(zip(expected, actual)):
            found += differences(left, right, path + (index,))
        return found
    if not same_value(expected, actual):
        return [f"summary.json {'.'.join(map(str, path))}: expected {expected!r}, got {actual!r}"]
    return []


def main():
    scenario = sys.argv[1]
    eesim = os.environ.get("EESIM", str(ROOT / "build" / "release" / "eesim"))
    with tempfile.TemporaryDirectory() as folder:
        digest, summary = run(eesim, scenario, folder + "/run")
        if "--update" in sys.argv[2:]:
            (GOLDEN / f"{scenario}.requests.sha256").write_text(digest + "\n")
            # eesim's own text, so the numbers read as eesim wrote them.
            (GOLDEN / f"{scenario}.summary.json").write_bytes(
                (pathlib.Path(folder) / "run" / "summary.json").read_bytes())
            print(f"recorded the golden outputs of {scenario}")
            return 0
    problems = differences(json.loads((GOLDEN / f"{scenario}.summary.json").read_text()), summary)
    expected_digest = (GOLDEN / f"{scenario}.requests.sha256").read_text().strip()
    if digest != expected_digest:
        problems.append(f"requests.csv: SHA-256 {digest}, expected {expected_digest}")
    for problem in problems:
        print(f"{scenario}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
