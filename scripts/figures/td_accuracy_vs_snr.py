#!/usr/bin/python3
"""TD paper figure 1: accuracy against SNR for each transmission-decision (TD) mechanism, with
always-transmit, never-transmit and the oracle.

Base: scenarios/td-awgn.json (fmnist-me4-jscc, 392 bottleneck symbols over an analog link at a
fixed SNR, TD after the device's exit 0), with requests.count reduced from 2,000 to 1,000 so
that 15 SNRs x 7 TDs x 3 seeds fit the time budget. The seed changes the images and the noise;
every TD sees the same images and noise at one seed and SNR. Error bars: ±1 standard deviation
over the 3 seeds. The calibration (read by snr-aware and learned) covers -5 to 25 dB; below,
those two read its lowest bin.

Writes results/paper/td_accuracy_vs_snr.{csv,png}.
"""

import json

import figlib

NAME = "td_accuracy_vs_snr"
SCENARIO = "scenarios/td-awgn.json"
SEEDS = 3
REQUESTS = 1000
SNR_SPEC = "-10:25:15"  # every 2.5 dB
TDS = [
    ("always-transmit", {}),
    ("never-transmit", {}),
    ("confidence", {"threshold": 0.9}),
    ("entropy", {"threshold": 0.2}),
    ("snr-aware", {"margin": 0}),
    ("learned", {"threshold": 0.5}),
    ("oracle", {}),
]
METRICS = ["accuracy", "transmitted_fraction", "communication_saved_symbols",
           "energy_device_j_per_request"]
STYLES = {
    "always-transmit": dict(color="tab:gray", linestyle="--", marker="s"),
    "never-transmit": dict(color="tab:brown", linestyle=":", marker="v"),
    "confidence": dict(color="tab:blue", marker="o"),
    "entropy": dict(color="tab:orange", marker="o"),
    "snr-aware": dict(color="tab:green", marker="^"),
    "learned": dict(color="tab:red", marker="D"),
    "oracle": dict(color="black", linestyle="-.", marker="*"),
}


def td_label(name, params):
    """'confidence 0.9', 'snr-aware margin 0', 'oracle'."""
    if not params:
        return name
    key, value = next(iter(params.items()))
    return "%s %g" % (name, value) if key == "threshold" else "%s %s %g" % (name, key, value)


def summarise(rows):
    records = []
    for (snr, name, params_text), group in figlib.group_rows(
            rows, lambda r: (r["channel.snr_db"], r["policies.transmission.name"],
                             r["policies.transmission.params"])):
        record = {"snr_db": float(snr), "td": name,
                  "label": td_label(name, json.loads(params_text))}
        record.update(figlib.seed_statistics(group, METRICS))
        records.append(record)
    return records


def plot(records, args):
    plt = figlib.pyplot()
    figure, (left, right) = plt.subplots(1, 2, figsize=(11.5, 4.3),
                                         gridspec_kw={"width_ratios": [3, 2]})
    for name, params in TDS:
        points = [r for r in records if r["td"] == name]
        style = dict(markersize=4, capsize=2, linewidth=1.2, linestyle="-")
        style.update(STYLES[name])
        snrs = [r["snr_db"] for r in points]
        left.errorbar(snrs, [100 * r["accuracy_mean"] for r in points],
                      yerr=[100 * r["accuracy_sd"] for r in points],
                      label=td_label(name, params), **style)
        right.errorbar(snrs, [100 * r["transmitted_fraction_mean"] for r in points],
                       yerr=[100 * r["transmitted_fraction_sd"] for r in points], **style)
    for axis in (left, right):
        axis.axvspan(-10.5, -5, color="grey", alpha=0.12)
        axis.set_xlabel("SNR of the analog link (dB)")
    left.set_ylabel("accuracy (%)")
    left.set_title("accuracy (shaded: below the calibrated range)")
    left.legend(fontsize=7.5, loc="lower right", ncol=2)
    right.set_ylabel("requests transmitted (%)")
    right.set_title("fraction of requests transmitted")
    figure.suptitle("Transmission decisions over an AWGN analog link (td-awgn, fmnist-me4-jscc, "
                    "%d requests, %d seeds, ±1 SD)" % (REQUESTS, SEEDS), fontsize=10)
    figure.tight_layout()
    return figlib.save_figure(figure, args)


def report(records):
    for snr in sorted({r["snr_db"] for r in records}):
        cells = ["%s %.2f%%/%.0f%%" % (r["label"], 100 * r["accuracy_mean"],
                                        100 * r["transmitted_fraction_mean"])
                 for r in records if r["snr_db"] == snr]
        print("%s: %5.1f dB  %s" % (NAME, snr, "  ".join(cells)))


def main():
    args = figlib.parse_arguments(NAME, __doc__.split("\n\n")[0])
    rows = figlib.run_sweep(
        args, SCENARIO,
        [("channel.snr_db", SNR_SPEC),
         ("policies.transmission.name,policies.transmission.params",
          [[name, params] for name, params in TDS])],
        sets=["requests.count=%d" % REQUESTS], seeds=SEEDS)
    records = summarise(rows)
    header = ["snr_db", "td", "label", "seeds"] + [m + s for m in METRICS
                                                   for s in ("_mean", "_sd")]
    figlib.write_csv("%s/%s.csv" % (args.out, NAME), header, records)
    plot(records, args)
    report(records)


if __name__ == "__main__":
    figlib.main_wrapper(NAME, main)
