#!/usr/bin/python3
"""DistrEE figure 1: accuracy against mean latency as each exit policy's threshold is swept,
against full execution (exit policy none), with the computation saved.

Base: scenarios/distree-3dev.json (three devices with fluctuating compute, 1,000 requests at
20/s, 100 ms deadline). Its own policy (deadline-aware around feature-difference 0.05) is drawn
as one extra point; the sweep replaces it with each plain policy. 3 seeds; error bars are ±1
standard deviation over the seeds.

Writes results/paper/distree_accuracy_latency.{csv,png}.
"""

import json

import figlib

NAME = "distree_accuracy_latency"
SCENARIO = "scenarios/distree-3dev.json"
SEEDS = 3
# "Comparable accuracy" for the computation-saved annotation: within this many points of full
# execution (our choice; the paper's abstract does not define it).
COMPARABLE_POINTS = 0.5

# (policy, parameter, values from least to most computation).
POLICIES = [
    ("confidence", "threshold", [0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999]),
    ("entropy", "threshold", [0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01]),
    ("feature-difference", "threshold", [0.4, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005]),
    ("patience", "patience", [1, 2, 3]),
]
SCENARIO_POLICY = ("deadline-aware", {"inner": {"name": "feature-difference",
                                                "params": {"threshold": 0.05}}})
METRICS = ["accuracy", "latency_mean_s", "latency_p95_s", "computation_saved",
           "deadline_hit_rate"]
COLORS = {"confidence": "tab:blue", "entropy": "tab:orange", "feature-difference": "tab:green",
          "patience": "tab:purple"}


def policy_values():
    """The grid's (name, params) pairs: every plain policy's sweep, full execution, the
    scenario's own deadline-aware policy."""
    values = [[name, {parameter: value}] for name, parameter, values in POLICIES
              for value in values]
    values.append(["none", {}])
    values.append(list(SCENARIO_POLICY))
    return values


def summarise(rows):
    """One record per (policy, parameter value): statistics over the seeds."""
    records = []
    for (name, params_text), group in figlib.group_rows(
            rows, lambda r: (r["policies.exit.name"], r["policies.exit.params"])):
        params = json.loads(params_text)
        parameter, value = next(iter(params.items())) if params else ("", "")
        if name == "deadline-aware":
            parameter, value = "inner feature-difference threshold", 0.05
        record = {"policy": name, "parameter": parameter, "value": value}
        record.update(figlib.seed_statistics(group, METRICS))
        records.append(record)
    full = next(r for r in records if r["policy"] == "none")
    for record in records:
        record["comparable_to_full"] = int(
            record["accuracy_mean"] >= full["accuracy_mean"] - COMPARABLE_POINTS / 100)
    return records, full


def best_comparable(records, policy):
    """The point of `policy` with the most computation saved at comparable accuracy."""
    candidates = [r for r in records if r["policy"] == policy and r["comparable_to_full"]]
    return max(candidates, key=lambda r: r["computation_saved_mean"], default=None)


def plot(records, full, args):
    plt = figlib.pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.3))
    for policy, _, _ in POLICIES:
        points = [r for r in records if r["policy"] == policy]
        best = best_comparable(records, policy)
        label = policy
        if best is not None:
            label += " (%.1f %% saved)" % (100 * best["computation_saved_mean"])
        accuracy = [100 * r["accuracy_mean"] for r in points]
        accuracy_sd = [100 * r["accuracy_sd"] for r in points]
        style = dict(color=COLORS[policy], marker="o", markersize=3.5, capsize=2, linewidth=1.2)
        # Latency spreads over seeds are drawn as y error bars only: where a queue is unstable
        # its mean latency differs by seconds between seeds and x bars would hide the curves.
        left.errorbar([1000 * r["latency_mean_s_mean"] for r in points], accuracy,
                      yerr=accuracy_sd, label=policy, **style)
        right.errorbar([100 * r["computation_saved_mean"] for r in points], accuracy,
                       yerr=accuracy_sd, label=label, **style)
        if best is not None:
            right.plot([100 * best["computation_saved_mean"]], [100 * best["accuracy_mean"]],
                       marker="o", markersize=10, markerfacecolor="none",
                       markeredgecolor=COLORS[policy], linestyle="none")
    scenario_point = next(r for r in records if r["policy"] == "deadline-aware")
    for axis, x_of in ((left, lambda r: 1000 * r["latency_mean_s_mean"]),
                       (right, lambda r: 100 * r["computation_saved_mean"])):
        axis.errorbar([x_of(full)], [100 * full["accuracy_mean"]],
                      yerr=[100 * full["accuracy_sd"]], color="black", marker="*",
                      markersize=11, linestyle="none", capsize=2, label="full execution (none)")
        axis.errorbar([x_of(scenario_point)], [100 * scenario_point["accuracy_mean"]],
                      yerr=[100 * scenario_point["accuracy_sd"]], color="tab:red", marker="D",
                      markersize=5, linestyle="none", capsize=2,
                      label="deadline-aware FD 0.05 (scenario)")
    left.set_xscale("log")
    left.set_xlabel("mean latency (ms, log scale)")
    left.set_ylabel("accuracy (%)")
    left.set_title("accuracy vs mean latency, exit thresholds swept")
    left.legend(fontsize=7.5, loc="lower right")
    right.axhspan(100 * full["accuracy_mean"] - COMPARABLE_POINTS, 100 * full["accuracy_mean"],
                  color="grey", alpha=0.15,
                  label="within %.1f pt of full execution" % COMPARABLE_POINTS)
    right.set_xlabel("computation saved vs full execution (%)")
    right.set_title("accuracy vs computation saved (circled: most saved in the band)")
    right.legend(fontsize=7.5, loc="lower left")
    figure.suptitle("DistrEE, 3 heterogeneous devices with fluctuating compute "
                    "(distree-3dev, 1,000 requests, %d seeds, error bars ±1 SD)" % SEEDS,
                    fontsize=10)
    figure.tight_layout()
    return figlib.save_figure(figure, args)


def report(records, full):
    print("%s: full execution %.2f %% accuracy, mean latency %.1f ms"
          % (NAME, 100 * full["accuracy_mean"], 1000 * full["latency_mean_s_mean"]))
    for policy, _, _ in POLICIES:
        best = best_comparable(records, policy)
        if best is None:
            print("  %-18s no point within %.1f pt of full" % (policy, COMPARABLE_POINTS))
            continue
        print("  %-18s %s %s: %.2f %% accuracy, %.1f %% computation saved, mean latency %.1f ms"
              % (policy, best["parameter"], best["value"], 100 * best["accuracy_mean"],
                 100 * best["computation_saved_mean"], 1000 * best["latency_mean_s_mean"]))


def main():
    args = figlib.parse_arguments(NAME, __doc__.split("\n\n")[0])
    rows = figlib.run_sweep(args, SCENARIO, [("policies.exit.name,policies.exit.params",
                                              policy_values())], seeds=SEEDS)
    records, full = summarise(rows)
    header = ["policy", "parameter", "value", "seeds"]
    header += [m + s for m in METRICS for s in ("_mean", "_sd")] + ["comparable_to_full"]
    figlib.write_csv("%s/%s.csv" % (args.out, NAME), header, records)
    plot(records, full, args)
    report(records, full)


if __name__ == "__main__":
    figlib.main_wrapper(NAME, main)
