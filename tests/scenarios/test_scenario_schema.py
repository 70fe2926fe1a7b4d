#!/usr/bin/python3
"""The scenario JSON Schema (scenarios/eesim-scenario.schema.json) checked by an independent
validator, Debian's python3-jsonschema: it is a valid draft 2020-12 schema, every shipped scenario
follows it, and it refuses a sample of each class of bad input that `eesim validate` refuses
(unknown key, wrong type, out of range, unknown policy name, wrong policy parameter, a key of
another capacity model, ...), while accepting what eesim accepts. Every sample is also given to
`eesim validate`, so a sample that eesim would accept (or refuse) cannot pass for the other.

Exits 77 (reported as skipped by CTest) when python3-jsonschema is not importable. The eesim
executable comes from the EESIM environment variable (CTest sets it), else build/release/eesim.
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = os.path.join(ROOT, "scenarios")
SCHEMA = os.path.join(SCENARIOS, "eesim-scenario.schema.json")
EESIM = os.environ.get("EESIM", os.path.join(ROOT, "build", "release", "eesim"))
SKIP = 77

try:
    import jsonschema
except ImportError:
    print("SKIPPED: python3-jsonschema is not importable (apt-get install python3-jsonschema)")
    sys.exit(SKIP)


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def quickstart():
    """The quickstart scenario, its model path made absolute so that a copy runs anywhere."""
    document = load(os.path.join(SCENARIOS, "quickstart.json"))
    document["model"] = os.path.join(SCENARIOS, document["model"])
    return document


def changed(document, path, value):
    """A copy of `document` with the value at the dotted `path` (list indices as numbers)
    replaced; a value of DELETE removes the key."""
    result = copy.deepcopy(document)
    *parents, last = path.split(".")
    target = result
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return result


DELETE = object()
CALIBRATION = os.path.join(ROOT, "models", "fmnist-me4-jscc.calibration.json")

# (what is wrong, changes to the quickstart): each refused by eesim and by the schema.
BAD = [
    ("unknown top-level key", [("requets", {"count": 5})]),
    ("unknown nested key", [("requests.arival", "poisson")]),
    ("wrong type", [("requests.count", "5")]),
    ("wrong type of an object", [("wifi", "802.11ax")]),
    ("not an integer", [("requests.count", 2.5)]),
    ("out of range", [("wifi.tx_power_dbm", 99)]),
    ("out of range in a list", [("nodes.0.position_m", [0, 0, 2e6])]),
    ("list of the wrong length", [("nodes.0.position_m", [0, 0])]),
    ("not one of the choices", [("wifi.standard", "802.11g")]),
    ("required key missing", [("nodes.1.role", DELETE)]),
    ("no nodes", [("nodes", [])]),
    ("unknown exit policy", [("policies.exit.name", "fastest")]),
    ("unknown transmission policy", [("policies.transmission.name", "sometimes")]),
    ("parameter of another exit policy", [("policies.exit.params", {"patience": 2})]),
    ("exit policy parameter out of range", [("policies.exit.params", {"threshold": 1.5})]),
    ("parameter of the default exit policy", [("policies.exit", {"params": {"threshold": 0.5}})]),
    ("transmission policy parameter of another",
     [("policies.transmission", {"name": "margin", "params": {"margin": 0.1}})]),
    ("calibrated policy without a calibration",
     [("policies.transmission", {"name": "snr-aware"})]),
    ("inner policy with an unknown parameter",
     [("policies.exit", {"name": "deadline-aware",
                         "params": {"inner": {"name": "confidence", "params": {"limit": 1}}}})]),
    ("key of another capacity model",
     [("nodes.0.fluctuation", {"model": "markov", "factors": [1, 0.5], "mean_dwell_s": [2, 2],
                               "volatility": 0.3})]),
    ("key of a capacity model when the default model is meant",
     [("nodes.0.fluctuation", {"factors": [1, 0.5]})]),
    ("data set key of another format", [("dataset.layout", "nhwc")]),
    ("schema key that is not a string", [("$schema", 3)]),
]

# Alternatives both accept: the schema must not refuse what eesim runs.
GOOD = [
    ("per-exit thresholds", [("policies.exit.params", {"threshold": [0.9, 0.8, 0.7, 0.6]})]),
    ("default exit policy by omission", [("policies.exit", {})]),
    ("deadline-aware around patience",
     [("requests.deadline_ms", 20),
      ("policies.exit", {"name": "deadline-aware",
                         "params": {"inner": {"name": "patience", "params": {"patience": 3}},
                                    "safety_factor": 1.2}})]),
    ("a capacity model with its keys",
     [("nodes.0.fluctuation", {"model": "markov", "factors": [1, 0.5], "mean_dwell_s": [2, 2]})]),
    ("an optional list left empty", [("segment_flops", [])]),
    ("margin transmission with its threshold",
     [("policies.transmission", {"name": "margin", "params": {"threshold": 0.3}})]),
    ("no schema key", [("$schema", DELETE)]),
]


def sample(changes):
    document = quickstart()
    for path, value in changes:
        document = changed(document, path, value)
    return document


class SchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.schema = load(SCHEMA)
        cls.validator = jsonschema.Draft202012Validator(cls.schema)
        cls.folder = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.folder.cleanup()

    def eesim_accepts(self, document):
        path = os.path.join(self.folder.name, "sample.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
        result = subprocess.run([EESIM, "validate", path], capture_output=True, text=True)
        self.assertIn(result.returncode, (0, 2), result.stdout + result.stderr)
        return result.returncode == 0

    def schema_errors(self, document):
        return [error.message for error in self.validator.iter_errors(document)]

    def test_is_a_valid_draft_2020_12_schema(self):
        jsonschema.Draft202012Validator.check_schema(self.schema)
        self.assertEqual(self.schema["$schema"], "https://json-schema.org/draft/2020-12/schema")

    def test_every_shipped_scenario_follows_it(self):
        shipped = sorted(path for path in glob.glob(os.path.join(SCENARIOS, "*.json"))
                         if not path.endswith(".schema.json"))
        self.assertGreaterEqual(len(shipped), 7)
        for path in shipped:
            with self.subTest(scenario=os.path.basename(path)):
                self.assertEqual(self.schema_errors(load(path)), [])

    def test_refuses_each_class_of_bad_input_that_eesim_refuses(self):
        for what, changes in BAD:
            with self.subTest(what):
                document = sample(changes)
                self.assertFalse(self.eesim_accepts(document), "eesim accepts it")
                self.assertNotEqual(self.schema_errors(document), [], "the schema accepts it")

    def test_accepts_the_alternatives_that_eesim_accepts(self):
        for what, changes in GOOD:
            with self.subTest(what):
                document = sample(changes)
                self.assertTrue(self.eesim_accepts(document), "eesim refuses it")
                self.assertEqual(self.schema_errors(document), [])

    def test_every_key_has_a_description(self):
        """Every key an editor completes shows what it means (the conditions of alternatives,
        under allOf, repeat keys without descriptions and are not walked)."""
        def walk(node, where):
            for name, child in node.get("properties", {}).items():
                if child.get("type") in ("object", "array") or "$ref" in child:
                    walk(child.get("items", child), where + name + ".")
                    continue
                with self.subTest(key=where + name):
                    self.assertTrue(child.get("description"), "no description")
        walk(self.schema, "")
        walk(self.schema["$defs"]["exit-policy"], "exit-policy.")

if __name__ == "__main__":
    unittest.main()
