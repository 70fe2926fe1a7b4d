#!/usr/bin/python3
"""The house rules of eesim's source tree, checked by reading the code as text.

    house_rules.py RULE [--root DIR]

RULE is one of:
  includes        no library includes what it may not (see ALLOWED below), ns-3 stays out
                  of base/, nn/ and policies/, and ONNX's headers out of all but nn/onnx/
  cmake-links     Boost.Program_options is linked by the command line only
  file-length     no source file over 600 lines
  function-length no function over 80 lines, declarative tables excepted (TABLES below)
  sim-top-level   sim/'s top level holds at most a dozen source files; the rest in sub-folders
  test-names      no TEST_CASE name holds a ';' (CTest would split it into two entries that
                  match nothing)
  self-test       each rule above fails on a small tree made to break it

Exit 0 when the rule holds; otherwise 1, with one line per violation.
"""
import argparse
import pathlib
import re
import sys
import tempfile

# What each library may include of the project: the dependency rules are the architecture.
ALLOWED = {
    "base": {"base"},
    "nn": {"base", "nn"},
    "policies": {"base", "policies"},
    "channel": {"base", "nn", "channel"},
    "sim": {"base", "nn", "policies", "channel", "sim"},
    "cli": {"base", "nn", "policies", "channel", "sim", "cli"},
}
NO_NS3 = {"base", "nn", "policies"}
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_SIM_TOP_LEVEL = 12
# Functions that are declarative tables (one entry per key, profile or policy), not logic.
TABLES = {
    ("sim/scenario/scenario-schema.cc", "ScenarioKeys"),
}

INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)


def sources(root, folders=None):
    for folder in folders or ALLOWED:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in (".h", ".cc") and path.is_file():
                yield path


def check_includes(root):
    problems = []
    for path in sources(root):
        library = path.relative_to(root).parts[0]
        for bracket, target in INCLUDE.findall(path.read_text()):
            if bracket == "<" and target.startswith("ns3/") and library in NO_NS3:
                problems.append(f"{path.relative_to(root)}: includes <{target}>; "
                                f"{library}/ never uses ns-3")
            relative = path.relative_to(root).as_posix()
            if bracket == "<" and target.startswith("onnx/") and not relative.startswith("nn/onnx/"):
                problems.append(f"{relative}: includes <{target}>; only nn/onnx/ reads ONNX")
            if bracket == '"':
                part = target.split("/")[0]
                if part in ALLOWED and part not in ALLOWED[library]:
                    problems.append(f"{path.relative_to(root)}: includes \"{target}\"; "
                                    f"{library}/ may include only "
                                    f"{', '.join(sorted(ALLOWED[library]))}")
    return problems


def check_cmake_links(root):
    problems = []
    for path in sorted(root.rglob("CMakeLists.txt")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("build", "cli") or relative == pathlib.Path("CMakeLists.txt"):
            continue
        if "Boost::program_options" in path.read_text():
            problems.append(f"{relative}: links Boost::program_options; only cli/ may")
    return problems


def check_file_length(root):
    problems = []
    for path in sources(root):
        lines = len(path.read_text().splitlines())
        if lines > MAX_FILE_LINES:
            problems.append(f"{path.relative_to(root)}: {lines} lines (at most {MAX_FILE_LINES})")
    return problems


def functions(text):
    """(name, first line, line count) of each top-level function body in clang-formatted code:
    the body opens with `{` and closes with `}` in the first column."""
    lines = text.splitlines()
    start = None
    for number, line in enumerate(lines):
        if line == "{" and start is None:
            head = " ".join(lines[max(0, number - 4):number])
            if re.search(r"\b(namespace|class|struct|enum)\b[^;()]*$", lines[number - 1]):
                continue
            match = re.findall(r"([A-Za-z_~][\w:~]*)\s*\(", head)
            start = (match[-1].split("::")[-1] if match else "?", number)
        elif line.startswith("}") and start is not None and not line.startswith("} //"):
            yield start[0], start[1] + 1, number - start[1] + 1
            start = None


def check_function_length(root):
    problems = []
    for path in sources(root):
        if path.suffix != ".cc":
            continue
        relative = str(path.relative_to(root))
        for name, line, count in functions(path.read_text()):
            if count > MAX_FUNCTION_LINES and (relative, name) not in TABLES:
                problems.append(f"{relative}:{line}: {name} is {count} lines "
                                f"(at most {MAX_FUNCTION_LINES})")
    return problems


def check_sim_top_level(root):
    top = [p for p in (root / "sim").glob("*.cc")]
    if len(top) > MAX_SIM_TOP_LEVEL:
        return [f"sim/: {len(top)} source files at the top level (at most {MAX_SIM_TOP_LEVEL}): "
                + ", ".join(sorted(p.name for p in top))]
    return []


TEST_CASE = re.compile(r'TEST_CASE\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)')


def check_test_names(root):
    problems = []
    for path in sorted((root / "tests").rglob("*.cc")):
        for match in TEST_CASE.finditer(path.read_text()):
            name = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
            if ";" in name:
                problems.append(f"{path.relative_to(root)}: TEST_CASE \"{name}\" holds a ';', "
                                "which splits its CTest entry in two")
    return problems


RULES = {
    "includes": check_includes,
    "cmake-links": check_cmake_links,
    "file-length": check_file_length,
    "function-length": check_function_length,
    "sim-top-level": check_sim_top_level,
    "test-names": check_test_names,
}


def self_test():
    """Each rule must catch a tree built to break it, or it could not fail."""
    breaking = {
        "includes": {"policies/bad.h": '#include "sim/simulation.h"\n',
                     "nn/worse.cc": "#include <ns3/simulator.h>\n"},
        "cmake-links": {"sim/CMakeLists.txt": "target_link_libraries(x Boost::program_options)\n"},
        "file-length": {"nn/long.cc": "int x;\n" * (MAX_FILE_LINES + 1)},
        "function-length": {"nn/long.cc": "void\nF()\n{\n" + "    ;\n" * MAX_FUNCTION_LINES
                            + "}\n"},
        "sim-top-level": {f"sim/f{i}.cc": "\n" for i in range(MAX_SIM_TOP_LEVEL + 1)},
        "test-names": {"tests/a-test.cc": 'TEST_CASE("one thing; "\n          "another")\n'},
    }
    failures = []
    for rule, files in breaking.items():
        with tempfile.TemporaryDirectory() as folder:
            root = pathlib.Path(folder)
            for name in list(ALLOWED) + ["tests"]:
                (root / name).mkdir()
            for name, text in files.items():
                (root / name).write_text(text)
            if not RULES[rule](root):
                failures.append(f"self-test: rule {rule} did not catch a tree that breaks it")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rule", choices=sorted(RULES) + ["self-test"])
    parser.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parents[2]))
    options = parser.parse_args()
    root = pathlib.Path(options.root)
    problems = self_test() if options.rule == "self-test" else RULES[options.rule](root)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
