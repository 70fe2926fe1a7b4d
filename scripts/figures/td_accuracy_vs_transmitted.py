#!/usr/bin/python3
"""TD paper figure 2: accuracy against the fraction of requests transmitted (the communication
cost) at three SNRs, sweeping the thresholds of the confidence and learned TDs and the margin of
snr-aware, with always-transmit, never-transmit and the oracle as points.

Base: scenarios/td-awgn.json (2,000 requests; analog link at a fixed SNR). The y axis is the
accuracy gain over always-transmit at the same SNR and seed: every TD at one seed sees the same
images and the same noise, so the paired gain is much more precise than either accuracy (whose
spread over seeds, about 1 point, is mostly which images were drawn). 3 seeds; error bars are ±1
standard deviation over the seeds of the gain (y) and of the fraction transmitted (x).

Writes results/paper/td_accuracy_vs_transmitted.{csv,png}.
"""

import json

import figlib

NAME = "td_accuracy_vs_transmitted"
SCENARIO = "scenarios/td-awgn.json"
SEEDS = 3
SNRS = [0, 5, 15]
# Swept TDs: (name, parameter, values from most to least transmitted).
SWEPT = [
    ("confidence", "threshold", [0.999, 0.99, 0.95, 0.9, 0.8, 0.7, 0.5]),
    ("learned", "threshold", [0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9]),
    ("snr-aware", "margin", [-0.15, -0.05, 0, 0.1, 0.2]),
]
FIXED = ["always-transmit", "never-transmit", "oracle"]
METRICS = ["accuracy", "gain_vs_always", "transmitted_fraction", "communication_saved_symbols"]
COLORS = {"confidence": "tab:blue", "learned": "tab:red", "snr-aware": "tab:green"}
MARKERS = {"always-transmit": ("s", "tab:gray"), "never-transmit": ("v", "tab:brown"),
           "oracle": ("*", "black")}


def td_values():
    values = [[name, {parameter: value}] for name, parameter, values in SWEPT
              for value in values]
    return values + [[name, {}] for name in FIXED]


def add_paired_gain(rows):
    """Each row's accuracy minus always-transmit's at the same SNR and seed."""
    always = {(r["channel.snr_db"], r["seed"]): float(r["accuracy"]) for r in rows
              if r["policies.transmission.name"] == "always-transmit"}
    for row in rows:
        row["gain_vs_always"] = float(row["accuracy"]) - always[(row["channel.snr_db"],
                                                                  row["seed"])]


def summarise(rows):
    add_paired_gain(rows)
    records = []
    for (snr, name, params_text), group in figlib.group_rows(
            rows, lambda r: (r["channel.snr_db"], r["policies.transmission.name"],
                             r["policies.transmission.params"])):
        params = json.loads(params_text)
        parameter, value = next(iter(params.items())) if params else ("", "")
        record = {"snr_db": float(snr), "td": name, "parameter": parameter, "value": value}
        record.update(figlib.seed_statistics(group, METRICS))
        records.append(record)
    return records


def draw_panel(axis, records, snr):
    points = [r for r in records if r["snr_db"] == snr]
    for name, _, _ in SWEPT:
        line = [r for r in points if r["td"] == name]
        axis.errorbar([100 * r["transmitted_fraction_mean"] for r in line],
                      [100 * r["gain_vs_always_mean"] for r in line],
                      xerr=[100 * r["transmitted_fraction_sd"] for r in line],
                      yerr=[100 * r["gain_vs_always_sd"] for r in line], color=COLORS[name],
                      marker="o", markersize=3.5, capsize=2, linewidth=1.2, label=name)
    for name in FIXED:
        record = next(r for r in points if r["td"] == name)
        marker, color = MARKERS[name]
        axis.errorbar([100 * record["transmitted_fraction_mean"]],
                      [100 * record["gain_vs_always_mean"]],
                      yerr=[100 * record["gain_vs_always_sd"]],
                      color=color, marker=marker, markersize=9 if marker == "*" else 6,
                      linestyle="none", capsize=2, label=name)
    always = next(r for r in points if r["td"] == "always-transmit")
    axis.axhline(0, color="tab:gray", linestyle="--", linewidth=0.8)
    axis.set_title("SNR %g dB (always-transmit: %.2f %% accuracy)"
                   % (snr, 100 * always["accuracy_mean"]))
    axis.set_xlabel("requests transmitted (%)")


def plot(records, args):
    plt = figlib.pyplot()
    figure, axes = plt.subplots(1, len(SNRS), figsize=(13, 4.2), sharey=True)
    for axis, snr in zip(axes, SNRS):
        draw_panel(axis, records, snr)
    axes[0].set_ylabel("accuracy gain over always-transmit (points)")
    axes[-1].legend(fontsize=7.5, loc="upper right")
    figure.suptitle("Accuracy vs communication: TD thresholds swept (td-awgn, 2,000 requests, "
                    "%d seeds, paired gains, ±1 SD)" % SEEDS, fontsize=10)
    figure.tight_layout()
    return figlib.save_figure(figure, args)


def report(records):
    for record in records:
        print("%s: %4g dB %-16s %-9s %-6s accuracy %.2f %% (%+.2f +- %.2f vs always), "
              "transmitted %.1f %%"
              % (NAME, record["snr_db"], record["td"], record["parameter"], record["value"],
                 100 * record["accuracy_mean"], 100 * record["gain_vs_always_mean"],
                 100 * record["gain_vs_always_sd"], 100 * record["transmitted_fraction_mean"]))


def main():
    args = figlib.parse_arguments(NAME, __doc__.split("\n\n")[0])
    rows = figlib.run_sweep(
        args, SCENARIO,
        [("channel.snr_db", SNRS),
         ("policies.transmission.name,policies.transmission.params", td_values())],
        seeds=SEEDS)
    records = summarise(rows)
    header = ["snr_db", "td", "parameter", "value", "seeds"] + [
        m + s for m in METRICS for s in ("_mean", "_sd")]
    figlib.write_csv("%s/%s.csv" % (args.out, NAME), header, records)
    plot(records, args)
    report(records)


if __name__ == "__main__":
    figlib.main_wrapper(NAME, main)
