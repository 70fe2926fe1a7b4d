#include "sim/scenario/scenario-schema.h"

#include "base/json-reader.h"
#include "nn/dataset.h"
#include "policies/policy-registry.h"
#include "policies/server-selection.h"
#include "sim/compute/capacity-model.h"
#include "sim/scenario/device-profile.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <sstream>

namespace eesim
{

namespace
{

constexpr double kHuge = 1e12;

/** `table` with `keys` inserted after the key at `path`. */
KeyTable
InsertAfter(KeyTable table, const std::string& path, const KeyTable& keys)
{
    auto at = std::find_if(table.begin(), table.end(),
                           [&](const KeySpec& key) { return key.path == path; });
    table.insert(at + 1, keys.begin(), keys.end());
    return table;
}

/** The keys the capacity models and link types register, after the keys that pick them. */
KeyTable
WithRegisteredKeys(KeyTable core)
{
    KeyTable table = InsertAfter(std::move(core), "nodes[].fluctuation.model",
                                 CapacityModelKeys("nodes[].fluctuation."));
    return InsertAfter(std::move(table), "channel.links[].mode", LinkTypeKeys());
}

/** A `dataset` key added after scenarios were written: left out of the complete document when
 *  it holds its default (their hashes stay), and, given `formats`, a key of those formats only. */
KeySpec
DatasetKey(KeySpec key, std::vector<std::string> formats)
{
    key.omitDefault = formats.empty();
    if (!formats.empty())
    {
        key.selectorKey = "format";
        key.selectorValues = std::move(formats);
    }
    return key;
}

KeySpec
DatasetFormatKey()
{
    return DatasetKey(keys::Text("dataset.format", "fashion-mnist", DatasetSource::Formats(),
                                 "how the data set is stored: fashion-mnist, idx (any IDX image "
                                 "and label files), cifar10, cifar100 (binary batches) or npy "
                                 "(NumPy arrays); see \"Data sets\""),
                      {});
}

/** One of the four file names of the formats that name their files (idx and npy). */
KeySpec
DatasetFileKey(const std::string& name, const std::string& what, const std::string& idxName,
               const std::string& npyName)
{
    return DatasetKey(keys::Text("dataset." + name, "", {},
                                 "idx and npy: file of " + what + " in dataset.dir; \"\" = "
                                     + idxName + " (idx) or " + npyName + " (npy)"),
                      { "idx", "npy" });
}

} // namespace

using namespace keys;

const KeyTable&
ScenarioKeys()
{
    static const KeyTable table = WithRegisteredKeys({
        Text("name", "scenario", {},
             "scenario name (1 to 100 letters, digits, '.', '_', '-'); names the default run "
             "folder"),
        Integer("seed", 1, 0, 2147483647, "seeds ns-3 and the choice of test images"),
        Text("model", "../models/fmnist-me4.eem", {},
             "model file; a relative path is taken from the scenario file's folder"),
        Number("model_flops_scale", 1, 1e-6, 1e6,
               "multiplies every segment's and exit head's FLOPs for timing, to emulate a larger "
               "network's compute while the shipped model supplies the answers"),
        NumberList("segment_flops", {}, 1, 1e15,
                   "FLOPs charged for each segment with its exit head instead of the model's, one "
                   "per segment (not scaled); [] = the model's (times model_flops_scale)"),
        NumberList(
            "segment_latency_ms", {}, 1e-6, 1e6,
            "service time of each segment with its exit head at nominal capacity factor 1, "
            "whatever the node (a measured latency; not scaled), one per segment; [] = from FLOPs "
            "(at most 1000 s, so that the FLOPs it stands for fit the cost model at any capacity)"),
        DatasetFormatKey(),
        Text("dataset.dir", "/usr/share/datasets/fashion-mnist", {},
             "folder of the data set's files (a relative path is taken from the working "
             "directory); each format's files have standard names there (see \"Data sets\")"),
        Text("dataset.split", "test", { "test", "val" }, "images the requests draw from"),
        DatasetKey(Text("dataset.layout", "nchw", DatasetSource::Layouts(),
                        "npy: order of 4-dimensional image arrays, [N, C, H, W] or [N, H, W, C] "
                        "(3 dimensions are [N, H, W], grey)"),
                   { "npy" }),
        DatasetFileKey("train_images_file", "the training part's images",
                       "train-images-idx3-ubyte[.gz]", "train_images.npy"),
        DatasetFileKey("train_labels_file", "the training part's labels",
                       "train-labels-idx1-ubyte[.gz]", "train_labels.npy"),
        DatasetFileKey("test_images_file", "the test part's images", "t10k-images-idx3-ubyte[.gz]",
                       "test_images.npy"),
        DatasetFileKey("test_labels_file", "the test part's labels", "t10k-labels-idx1-ubyte[.gz]",
                       "test_labels.npy"),
        DatasetKey(Integer("dataset.validation_images", Dataset::kValidationSize, 1, 1e9,
                           "the val split: the last this many samples of the training part "
                           "(the train split is the rest)"),
                   {}),
        Integer("requests.count", 1000, 1, 1e9,
                "requests issued by each device (at most, when duration_s is set)"),
        Number("requests.duration_s", 0, 0, kMaxSimulatedSeconds,
               "each device issues requests for this long after start_s (s); 0 = until count"),
        Text("requests.arrival", "poisson", { "poisson", "periodic" },
             "inter-arrival times: exponential or constant"),
        Number("requests.rate_per_s", 10, 1e-6, 1e6, "mean request rate of each device (1/s)"),
        Number("requests.start_s", 1, 0, kMaxSimulatedSeconds,
               "when the first request may be issued (s); leaves time for Wi-Fi association; "
               "start_s + count / rate_per_s (or + duration_s) may not pass the 100000 s a run "
               "may simulate"),
        Number("requests.deadline_ms", 0, 0, kHuge,
               "per-request deadline (ms) reported as deadline hits; 0 = none"),
        Flag("requests.abandon_after_deadline", false,
             "drop a request not answered by its deadline at the deadline (reason "
             "deadline_abandoned): its tasks not yet started are withdrawn from the queues and "
             "later messages for it ignored; needs deadline_ms"),
        Text("nodes[].name", nullptr, {}, "unique node name"),
        Text("nodes[].role", nullptr, { "device", "server" },
             "devices issue requests; the server is the access point"),
        Vector3("nodes[].position_m", -1e6, 1e6, "initial position x, y, z (m)"),
        Vector3("nodes[].velocity_mps", -1e3, 1e3, "constant velocity (m/s); zero = fixed"),
        Text("nodes[].profile", "generic", DeviceProfileNames(),
             "hardware class giving capacity and power figures (see the profile table)"),
        Number("nodes[].capacity_gflops", -1, -1, 1e6,
               "nominal compute capacity (GFLOP/s) for the model's segments; -1 = the profile's"),
        Number("nodes[].idle_power_w", -1, -1, 1e5,
               "power when not computing (W); -1 = the profile's"),
        Number("nodes[].busy_power_w", -1, -1, 1e5,
               "power while computing (W); -1 = the profile's"),
        Integer("nodes[].queue_limit", 0, 0, 1e6,
                "most compute tasks that may wait in the node's queue (the one in service not "
                "counted); a task arriving at a full queue is refused and its request dropped "
                "(reason queue_full) unless an answer timeout is armed for it; 0 = no limit"),
        AddedLater(Integer("nodes[].batching.max_batch", 1, 1, 1024,
                           "most requests waiting for the same segment that the node runs as one "
                           "batched forward pass; 1 = no batching")),
        AddedLater(Number("nodes[].batching.max_wait_ms", 0, 0, 60000,
                          "how long the oldest waiting request may wait for a batch to fill when "
                          "the processor is free (ms); 0 = a batch goes with whatever waits")),
        AddedLater(NumberList(
            "nodes[].batching.relative_cost", {}, 1, 1e6,
            "cost of a batch of 1, 2, ... max_batch requests in single-request service times, "
            "one per batch size (the first 1, never decreasing); [] = the profile's curve")),
        Flag("nodes[].issues_requests", true,
             "whether a device runs a request source (false: it only computes for others)"),
        Text("nodes[].fluctuation.model", "constant", CapacityModelRegistry::Global().Names(),
             "how the available capacity varies: capacity = nominal x factor(t)"),
        StringList(
            "placement", nlohmann::json::array({ "source", "server" }),
            "node running each segment: a node name, a pool name (pools[].name), or \"source\" "
            "for the requesting device; a shorter list repeats its last entry"),
        Text("pools[].name", nullptr, {},
             "a pool of servers, named in placement for the segments any of them may run; the "
             "request's sender chooses one per request, and the request's later segments on the "
             "pool stay there"),
        StringList("pools[].nodes", nlohmann::json::array(),
                   "the pool's nodes (at least two, none a requesting device), in order"),
        Text("pools[].selection", "least-loaded", ServerSelectionRegistry::Global().Names(),
             "how the sender chooses (see the selection table)"),
        Number("pools[].load_report_period_ms", 10, 0, 60000,
               "how often each server of the pool reports its backlog to the nodes choosing "
               "(ms; 0.1 at least); 0 = they see the backlog as it is (an oracle)"),
        Text("wifi.standard", "802.11ax", { "802.11n", "802.11ac", "802.11ax" },
             "Wi-Fi standard (5 GHz band)"),
        Text("wifi.mode", "infrastructure", { "infrastructure", "adhoc" },
             "infrastructure: the server is the access point; adhoc: an IBSS"),
        AddedLater(Number("wifi.association_spread_s", 0, 0, 3600,
                          "infrastructure mode: station k of n sends its first association "
                          "request k/n of this later than ns-3's 120 ms (s); 0 = all at once "
                          "(with tens of stations, seconds of colliding requests; see "
                          "Benchmarks)")),
        Text("wifi.rate_control", "minstrel-ht", { "minstrel-ht", "ideal", "constant" },
             "rate control (ns-3 MinstrelHt, Ideal or ConstantRate manager)"),
        Integer(
            "wifi.constant_mcs", 7, 0, 11,
            "MCS index for rate_control constant, one spatial stream: 802.11n 0-7, 802.11ac 0-9 "
            "(0-8 at 20 MHz), 802.11ax 0-11"),
        Number("wifi.tx_power_dbm", 20, -10, 40, "transmit power of every node (dBm)"),
        Integer("wifi.channel_width_mhz", 20, 20, 160,
                "channel width (MHz): 20 or 40 for 802.11n; 20, 40, 80 or 160 for "
                "802.11ac and 802.11ax"),
        Number("propagation.exponent", 3.0, 1.0, 8.0, "log-distance path-loss exponent"),
        Number("propagation.reference_loss_db", 46.6777, 0, 200,
               "path loss at 1 m (dB); the default is free space at 5.15 GHz"),
        Number("propagation.nakagami_m", 0, 0, 100,
               "Nakagami fading shape m (1 = Rayleigh); 0 = no fading"),
        Text("channel.mode", "digital", LinkTypeRegistry::Global().Names(), LinkModeMeaning()),
        Text("channel.links[].from", nullptr, {}, "sending node of a link whose mode differs"),
        Text("channel.links[].to", nullptr, {}, "receiving node of that link"),
        Text("channel.links[].mode", nullptr, LinkTypeRegistry::Global().Names(),
             "that link's mode"),
        Text("channel.snr", "propagation", { "propagation", "fixed" },
             "propagation: SNR from transmit power, log-distance loss (positions and mobility), "
             "fading and the noise floor; fixed: every link's mean SNR is channel.snr_db"),
        Number("channel.snr_db", 10, -50, 60,
               "mean SNR of every link when channel.snr is fixed (dB); Wi-Fi frames then arrive "
               "at -40 dBm and the receivers' noise figure puts the noise floor this far below"),
        Text("channel.fading", "none", { "none", "block", "gilbert-elliott" },
             "slow channel process on every link, Wi-Fi and analog: block = Rayleigh block fading "
             "(a new power gain each coherence time); gilbert-elliott = good/bad states with "
             "extra loss in the bad one"),
        Number("channel.coherence_time_ms", 10, 1e-3, 1e9, "block fading: block length (ms)"),
        Number("channel.mean_good_s", 2, 1e-6, 1e9,
               "gilbert-elliott: mean (exponential) time in the good state (s); with mean_bad_s "
               "at most 10 million switches over all node pairs within the run's time limit"),
        Number("channel.mean_bad_s", 0.5, 1e-6, 1e9,
               "gilbert-elliott: mean (exponential) time in the bad state (s)"),
        Number("channel.bad_loss_db", 15, 0, 200,
               "gilbert-elliott: extra loss in the bad state (dB)"),
        Text("csi.mode", "perfect", { "perfect", "delayed", "noisy" },
             "the SNR estimate the transmission decision sees: perfect = the SNR a transmission "
             "would see now; delayed = the SNR csi.delay_ms ago; noisy = perfect plus Gaussian "
             "error of csi.sigma_db"),
        Number("csi.delay_ms", 10, 0, 1e9, "delayed CSI: age of the estimate (ms)"),
        Number("csi.sigma_db", 2, 0, 100, "noisy CSI: standard deviation of the error (dB)"),
        Text("transport.protocol", "tcp", { "tcp", "udp" },
             "transport of feature and result messages between nodes"),
        Integer("transport.udp_fragment_bytes", 1400, 64, 1460,
                "message bytes per UDP datagram (plus a 12-byte fragment header; at most 1460 "
                "keeps datagrams within a 1500-byte MTU)"),
        Number("transport.answer_timeout_ms", 0, 0, kHuge,
               "after features leave a node, wait this long (ms) for the answer, then answer "
               "with the exit before the link (recorded as timed out); 0 = wait forever"),
        Text("transport.encoding", "float32", { "float32", "float16", "int8" },
             "encoding of feature tensors on the wire"),
        Text("policies.exit.name", "none", {}, "exit policy (see the policy table)"),
        AnyObject("policies.exit.params", "exit policy parameters"),
        Text("policies.transmission.name", "always-transmit", {},
             "transmission-decision policy (see the policy table)"),
        Text("policies.transmission.calibration", "", {},
             "calibration file written by eesim calibrate (needed by snr-aware and learned); a "
             "relative path is taken from the scenario file's folder"),
        AnyObject("policies.transmission.params", "transmission-decision policy parameters"),
        Number("stop_time_s", 0, 0, kMaxSimulatedSeconds,
               "simulated time limit (s); 0 = run until every request is answered, or until ten "
               "times the issuing period after the last arrival plus 60 s, or 100000 s, whichever "
               "comes first (every simulated second costs computing, even idle)"),
        Flag("output.flow_monitor", false, "write ns-3 FlowMonitor statistics (flowmon.xml)"),
        Flag("output.pcap", false, "write a pcap trace per Wi-Fi device"),
    });
    return table;
}

nlohmann::json
CompleteScenario(const nlohmann::json& document, const std::string& file,
                 std::vector<std::string>& errors)
{
    nlohmann::json complete = document;
    if (!complete.is_object())
    {
        errors.push_back(file + ": /: expected an object, got " + DescribeJson(document));
        return complete;
    }
    // "$schema" names the file's JSON Schema for editors; it says nothing about the run, so it
    // is left out of the complete document and the scenario hash.
    const auto schema = complete.find("$schema");
    if (schema != complete.end())
    {
        if (!schema->is_string())
        {
            errors.push_back(file
                             + ": /$schema: expected a string (the JSON Schema's file or URI), got "
                             + DescribeJson(*schema));
        }
        complete.erase(schema);
    }
    CompleteObject(ScenarioKeys(), complete, "", "", file, errors, { "nodes" });
    // Pools came after scenarios were written: without any, the document has none, so those
    // scenarios' hashes stay.
    if (complete.contains("pools") && complete["pools"].empty())
    {
        complete.erase("pools");
    }
    return complete;
}

std::string
ScenarioKeysMarkdown()
{
    std::ostringstream out;
    out << KeyTableMarkdown(ScenarioKeys());
    out << "\n" << CapacityModelsMarkdown();
    out << "\n" << LinkTypesMarkdown();
    out << "\n| profile | GFLOP/s | idle W | busy W | where the figures come from | batch of 8 "
           "costs | where the batch costs come from |\n"
           "|---|---:|---:|---:|---|---:|---|\n";
    for (const auto& profile : DeviceProfiles())
    {
        out << "| `" << profile.name << "` | " << FormatNumber(profile.gflops) << " | "
            << FormatNumber(profile.idleWatts) << " | " << FormatNumber(profile.busyWatts) << " | "
            << profile.source << " | " << FormatNumber(profile.batchCost.RelativeCost(8)) << " | "
            << profile.batchSource << " |\n";
    }
    out << "\n" << PolicyRegistry::TableMarkdown();
    out << "\n" << ServerSelectionsMarkdown();
    return out.str();
}

} // namespace eesim
