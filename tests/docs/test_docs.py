#!/usr/bin/python3
"""The manual stays true: the site builds, links resolve, and the examples run.

    test_docs.py site            mkdocs builds docs/ with warnings as errors (mkdocs.yml sets
                                 strict), and every link between the pages and from the README
                                 -- to a page, a file of the repository or a heading -- resolves
    test_docs.py examples PAGE   runs the examples PAGE marks as runnable (PAGE: README.md or a
                                 path under docs/) and checks the output it shows
    test_docs.py outputs         docs/reference/outputs.md names every column of requests.csv
                                 and every field of summary.json that a run writes, and no
                                 column that it does not

A page marks an example by an HTML comment (invisible on a repository host and in the site) just
before its fenced block:

    <!-- runnable -->               the next ```sh block runs with bash (-e, pipefail), or the
                                    next ```python block with /usr/bin/python3
    <!-- runnable: creates F -->    ... and must leave the file F behind
    <!-- output -->                 the next ```text block is output the runnable block before it
                                    prints: each of its lines (trailing spaces aside) must occur,
                                    in order, among the lines that block printed

A page's blocks run in order in one scratch folder holding links to the repository's scenarios/,
models/ and scripts/ and to the build (build/release -> the folder of $EESIM), so they write
nothing into the repository. Exit code 77 (reported as skipped) when mkdocs (site) is missing.
"""
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EESIM = os.path.abspath(os.environ.get("EESIM", os.path.join(ROOT, "build", "release", "eesim")))
SKIP = 77
MARK = re.compile(r"^<!-- (runnable|output)(?::\s*(.*?))?\s*-->\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")


def blocks(path):
    """The marked blocks of a page: dicts with kind, language, code, option and line."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found, i = [], 0
    while i < len(lines):
        mark = MARK.match(lines[i])
        if not mark:
            i += 1
            continue
        fence = FENCE.match(lines[i + 1]) if i + 1 < len(lines) else None
        if not fence:
            raise SystemExit("%s:%d: a %s mark must be followed by a fenced block"
                             % (path, i + 1, mark.group(1)))
        end = lines.index("```", i + 2)
        found.append({"kind": mark.group(1), "option": mark.group(2) or "",
                      "language": fence.group(1), "code": "\n".join(lines[i + 2:end]) + "\n",
                      "line": i + 1})
        i = end + 1
    return found


def scratch_folder():
    folder = tempfile.mkdtemp(prefix="eesim-docs-")
    for name in ("scenarios", "models", "scripts"):
        os.symlink(os.path.join(ROOT, name), os.path.join(folder, name))
    os.makedirs(os.path.join(folder, "build"))
    os.symlink(os.path.dirname(EESIM), os.path.join(folder, "build", "release"))
    return folder


def run_block(block, folder):
    if block["language"] == "sh":
        command = ["bash", "-e", "-o", "pipefail", "-c", block["code"]]
    elif block["language"] == "python":
        command = ["/usr/bin/python3", "-c", block["code"]]
    else:
        raise SystemExit("line %d: cannot run a ```%s block" % (block["line"], block["language"]))
    environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", MPLBACKEND="Agg")
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=environment)
    return result.returncode, result.stdout + result.stderr


def check_output(shown, printed):
    """None when every line shown occurs, in order, among the lines printed; else the first
    line that does not."""
    printed_lines = [line.rstrip() for line in printed.split("\n")]
    at = 0
    for line in (line.rstrip() for line in shown.split("\n")):
        if not line:
            continue
        try:
            at = printed_lines.index(line, at) + 1
        except ValueError:
            return line
    return None


def examples(page):
    path = os.path.join(ROOT, page)
    marked = blocks(path)
    runnable = [block for block in marked if block["kind"] == "runnable"]
    if not runnable:
        print("%s marks no runnable example" % page)
        return 1
    folder = scratch_folder()
    failures, printed = 0, None
    try:
        for block in marked:
            where = "%s:%d" % (page, block["line"])
            if block["kind"] == "output":
                if printed is None:
                    print("%s: an output block without a runnable block before it" % where)
                    failures += 1
                    continue
                missing = check_output(block["code"], printed)
                if missing is not None:
                    print("%s: the page shows a line the example does not print:\n  %s\n"
                          "it printed:\n%s" % (where, missing, printed))
                    failures += 1
                continue
            code, printed = run_block(block, folder)
            created = block["option"][len("creates "):] if block["option"].startswith(
                "creates ") else None
            if code != 0:
                print("%s: exit code %d:\n%s" % (where, code, printed))
                failures += 1
            elif created and not os.path.exists(os.path.join(folder, created)):
                print("%s: did not create %s" % (where, created))
                failures += 1
            else:
                print("%s: ran (%s)" % (where, block["language"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


def slug(heading):
    from markdown.extensions.toc import slugify  # python3-markdown, which mkdocs uses
    return slugify(re.sub(r"[`*]", "", heading), "-")


@functools.lru_cache(maxsize=None)
def anchors_of(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # no headings inside code
    return {slug(m.group(1).strip()) for m in re.finditer(r"^#+\s+(.*)$", text, re.M)}


def broken_links(page):
    """Links of `page` (relative to the repository) to files or headings that do not exist."""
    path = os.path.join(ROOT, page)
    text = re.sub(r"```.*?```", "", open(path, encoding="utf-8").read(), flags=re.S)
    broken = []
    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if re.match(r"^[a-z]+:", target):
            continue  # http:, https:, mailto:
        file_part, _, anchor = target.partition("#")
        destination = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) \
            if file_part else path
        if not os.path.exists(destination):
            broken.append("%s: %s (no such file)" % (page, target))
        elif anchor and destination.endswith(".md") and anchor not in anchors_of(destination):
            broken.append("%s: %s (no such heading)" % (page, target))
    return broken


def site():
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        print("SKIPPED: mkdocs is not importable (apt-get install mkdocs)")
        return SKIP
    with tempfile.TemporaryDirectory() as out:
        result = subprocess.run(["/usr/bin/python3", "-m", "mkdocs", "build", "--strict",
                                 "--site-dir", out], cwd=ROOT, capture_output=True, text=True)
        log = result.stdout + result.stderr
        warnings = [line for line in log.split("\n") if "WARNING" in line]
        if result.returncode != 0 or warnings:
            print("mkdocs build failed (exit code %d):\n%s" % (result.returncode, log))
            return 1
        pages = sorted(os.path.relpath(os.path.join(d, f), out)
                       for d, _, files in os.walk(out) for f in files if f.endswith(".html"))
    sources = ["README.md"] + sorted(
        os.path.relpath(os.path.join(d, f), ROOT)
        for d, _, files in os.walk(os.path.join(ROOT, "docs")) for f in files if f.endswith(".md"))
    broken = [link for page in sources for link in broken_links(page)]
    for link in broken:
        print("broken link: " + link)
    print("built %d HTML pages; checked the links of %d Markdown pages" % (len(pages),
                                                                            len(sources)))
    return 1 if broken else 0


def outputs():
    """The outputs page against a real run's files (with a deadline, so that every optional
    part of the summary is there)."""
    import csv
    import json
    page = open(os.path.join(ROOT, "docs", "reference", "outputs.md"), encoding="utf-8").read()
    named = set(re.findall(r"`([A-Za-z_0-9]+)`", page))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([EESIM, "run", os.path.join(ROOT, "scenarios", "quickstart.json"), "--out",
                        out, "--quiet", "--force", "--set", "requests.count=20", "--set",
                        "requests.deadline_ms=5"], check=True, capture_output=True)
        with open(os.path.join(out, "requests.csv"), newline="", encoding="utf-8") as handle:
            columns = next(csv.reader(handle))
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as handle:
            summary = json.load(handle)
    # Per-segment columns are documented once, with K for the segment.
    written = {re.sub(r"_\d+$", "_K", column) for column in columns}
    fields = set()

    def walk(value):
        if isinstance(value, dict):
            for key, child in value.items():
                fields.add(key)
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)
    walk(summary)
    table = re.search(r"\| column \| meaning \|\n\|---\|---\|\n((?:\|.*\n)+)", page).group(1)
    documented_columns = set(re.findall(r"`([a-z_0-9K]+)`", "".join(
        line.split("|")[1] for line in table.splitlines())))
    problems = ["requests.csv column %s is not on the page" % c for c in sorted(written - named)]
    problems += ["summary.json field %s is not on the page" % f for f in sorted(fields - named)]
    problems += ["the page's column %s is not in requests.csv" % c
                 for c in sorted(documented_columns - written)]
    for problem in problems:
        print(problem)
    print("%d columns and %d summary fields checked" % (len(written), len(fields)))
    return 1 if problems else 0


def main(argv):
    if argv[1:] == ["site"]:
        return site()
    if argv[1:] == ["outputs"]:
        return outputs()
    if len(argv) == 3 and argv[1] == "examples":
        return examples(argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
