#!/usr/bin/python3
"""DistrEE figure 2: accuracy and deadline-hit rate against the fluctuation intensity of the
devices' compute, for the deadline-aware exit policy, plain feature-difference and full execution.

Base: scenarios/distree-3dev.json (1,000 requests at 20/s, 100 ms deadline). Intensity s scales
every node's fluctuation around its nominal capacity (our definition): each Markov state's
factor f becomes f^s and a lognormal-AR(1) node's volatility becomes s times the scenario's; so
s = 0 is constant capacity, s = 1 the shipped scenario, s = 2 squares every slowdown factor
(the camera's 0.3 becomes 0.09). 3 seeds; error bars are ±1 standard deviation over the seeds.

Writes results/paper/distree_fluctuation.{csv,png}.
"""

import json

import figlib

NAME = "distree_fluctuation"
SCENARIO = "scenarios/distree-3dev.json"
SEEDS = 3
INTENSITIES = [0, 0.5, 1, 1.5, 2]
FEATURE_DIFFERENCE = {"name": "feature-difference", "params": {"threshold": 0.05}}
POLICIES = [
    ("deadline-aware (FD 0.05)",
     {"name": "deadline-aware", "params": {"inner": FEATURE_DIFFERENCE}}),
    ("feature-difference 0.05", FEATURE_DIFFERENCE),
    ("none (full execution)", {"name": "none"}),
]
METRICS = ["accuracy", "deadline_hit_rate", "deadline_accuracy_in_time", "latency_mean_s",
           "latency_p95_s", "computation_saved"]
COLORS = ["tab:red", "tab:green", "black"]


def scaled_fluctuation(node, index, intensity):
    """The --set keys and values that scale one node's fluctuation to `intensity`."""
    fluctuation = node.get("fluctuation", {})
    model = fluctuation.get("model", "constant")
    prefix = "nodes.%d.fluctuation." % index
    if model == "markov":
        return [(prefix + "factors", [round(f ** intensity, 6) for f in fluctuation["factors"]])]
    if model == "lognormal-ar1":
        return [(prefix + "volatility", round(fluctuation.get("volatility", 0.3) * intensity, 6))]
    return []  # constant or trace: left as they are


def intensity_axis():
    """One grid axis varying every node's fluctuation keys together, one value per intensity."""
    with open(SCENARIO, encoding="utf-8") as handle:
        nodes = json.load(handle)["nodes"]
    keys, values = None, []
    for intensity in INTENSITIES:
        pairs = [pair for index, node in enumerate(nodes)
                 for pair in scaled_fluctuation(node, index, intensity)]
        keys = [key for key, _ in pairs]
        values.append([value for _, value in pairs])
    return ",".join(keys), values


def summarise(rows):
    """One record per (intensity, policy); the first grid axis (intensity) varies slowest."""
    records = []
    for point, group in figlib.group_rows(rows, lambda r: int(r["point"])):
        intensity = INTENSITIES[point // len(POLICIES)]
        label = POLICIES[point % len(POLICIES)][0]
        record = {"intensity": intensity, "policy": label}
        record.update(figlib.seed_statistics(group, METRICS))
        records.append(record)
    return records


def plot(records, args):
    plt = figlib.pyplot()
    figure, axes = plt.subplots(1, 3, figsize=(13, 4))
    panels = [("accuracy", "accuracy (%)", "accuracy of all answers"),
              ("deadline_hit_rate", "deadline hit rate (%)", "answers within 100 ms"),
              ("deadline_accuracy_in_time", "accurate and in time (%)",
               "answers both correct and within 100 ms")]
    for axis, (metric, ylabel, title) in zip(axes, panels):
        for (label, _), color in zip(POLICIES, COLORS):
            points = [r for r in records if r["policy"] == label]
            axis.errorbar([r["intensity"] for r in points],
                          [100 * r[metric + "_mean"] for r in points],
                          yerr=[100 * r[metric + "_sd"] for r in points], color=color,
                          marker="o", markersize=4, capsize=2, linewidth=1.2, label=label)
        axis.axvline(1, color="grey", linestyle=":", linewidth=1)
        axis.set_xlabel("fluctuation intensity s (1 = shipped scenario)")
        axis.set_ylabel(ylabel)
        axis.set_title(title)
    axes[1].legend(fontsize=7.5, loc="lower left")
    figure.suptitle("DistrEE under fluctuating compute: Markov slow-state factors f^s, phone "
                    "log-volatility 0.6·s (distree-3dev, 1,000 requests, %d seeds, ±1 SD)"
                    % SEEDS, fontsize=10)
    figure.tight_layout()
    return figlib.save_figure(figure, args)


def report(records):
    for record in records:
        print("%s: s=%-4g %-26s accuracy %.2f %%, hit rate %.1f %%, in time and right %.1f %%, "
              "mean latency %.0f ms, saved %.1f %%"
              % (NAME, record["intensity"], record["policy"], 100 * record["accuracy_mean"],
                 100 * record["deadline_hit_rate_mean"],
                 100 * record["deadline_accuracy_in_time_mean"],
                 1000 * record["latency_mean_s_mean"], 100 * record["computation_saved_mean"]))


def main():
    args = figlib.parse_arguments(NAME, __doc__.split("\n\n")[0])
    keys, values = intensity_axis()
    rows = figlib.run_sweep(args, SCENARIO,
                            [(keys, values), ("policies.exit", [p for _, p in POLICIES])],
                            seeds=SEEDS)
    records = summarise(rows)
    header = ["intensity", "policy", "seeds"] + [m + s for m in METRICS for s in ("_mean", "_sd")]
    figlib.write_csv("%s/%s.csv" % (args.out, NAME), header, records)
    plot(records, args)
    report(records)


if __name__ == "__main__":
    figlib.main_wrapper(NAME, main)
