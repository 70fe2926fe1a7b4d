#ifndef EESIM_SIM_SCENARIO_SCENARIO_H
#define EESIM_SIM_SCENARIO_SCENARIO_H

#include "channel/feature-codec.h"
#include "nn/dataset.h"
#include "sim/compute/capacity-model.h"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** One simulated node. */
struct NodeConfig
{
    std::string name;
    bool isServer = false;
    std::array<double, 3> positionM{};
    std::array<double, 3> velocityMps{};
    std::string profile = "generic";
    double capacityGflops = 1.0; // resolved: the scenario's figure or the profile's
    double idleWatts = 0.0;
    double busyWatts = 0.0;
    bool issuesRequests = true;   // devices only
    int queueLimit = 0;           // tasks that may wait for the node's processor; 0 = no limit
    CapacityFactory makeCapacity; // from the node's capacity model (nodes[].fluctuation)
};

/** How links carry features and what SNR they see: the `channel` and `csi` keys. */
struct ChannelConfig
{
    std::string defaultLinkType; // channel.mode: a registered link type (link-type.h)
    /** Links (sending node, receiving node) whose type differs from the default. */
    std::map<std::pair<int, int>, std::string> linkTypes;
    bool fixedSnr = false;
    double snrDb = 10.0;
    std::string fading = "none"; // none, block, gilbert-elliott
    double coherenceSeconds = 0.01;
    double meanGoodSeconds = 2.0;
    double meanBadSeconds = 0.5;
    double badLossDb = 15.0;
    double symbolRate = 1e6;
    double analogTxPowerDbm = 10.0;
    double analogNoiseFigureDb = 7.0;
    double analogBandwidthHz = 1e6;  // resolved: the symbol rate when the key is 0
    std::string csiMode = "perfect"; // perfect, delayed, noisy
    double csiDelaySeconds = 0.01;
    double csiSigmaDb = 2.0;

    /** The link type that carries features from `from` to `to`. */
    const std::string& LinkTypeOf(int from, int to) const
    {
        const auto it = linkTypes.find({ from, to });
        return it == linkTypes.end() ? defaultLinkType : it->second;
    }
    /** True when features from `from` to `to` travel as analog channel symbols: the
     *  applications' send path and estimates still branch on it. */
    bool IsAnalog(int from, int to) const { return LinkTypeOf(from, to) == "analog"; }
};

/** A validated scenario with every default filled in (see scenario-schema.cc for each key). */
struct Scenario
{
    std::string file;
    std::string name;
    std::uint32_t seed = 1;
    std::string modelPath;
    double flopsScale = 1.0;
    std::vector<double> segmentFlops;    // per segment, or empty
    std::vector<double> segmentLatencyS; // per segment, or empty
    std::string datasetDirectory;
    Split split = Split::kTest;

    int requestCount = 0;         // per device
    double durationSeconds = 0.0; // issuing period per device; 0 = until requestCount
    bool poissonArrivals = true;
    double ratePerSecond = 10.0;
    double startSeconds = 1.0;
    double deadlineSeconds = 0.0; // 0 = none
    bool abandonAfterDeadline = false;

    std::vector<NodeConfig> nodes;
    /** Node index per segment; -1 means "the requesting device". One entry per segment. */
    std::vector<int> placement;

    std::string wifiStandard;
    bool adhoc = false;
    std::string rateControl;
    int constantMcs = 7;
    double txPowerDbm = 20.0;
    int channelWidthMhz = 20;
    double pathLossExponent = 3.0;
    double referenceLossDb = 46.6777;
    double nakagamiM = 0.0;

    std::string protocol = "tcp";
    int udpFragmentBytes = 1400;
    double answerTimeoutSeconds = 0.0; // 0 = wait as long as it takes
    FeatureEncoding encoding = FeatureEncoding::kFloat32;
    ChannelConfig channel;
    std::string exitPolicy;
    nlohmann::json exitParameters;
    std::string transmissionPolicy;
    nlohmann::json transmissionParameters;
    std::string calibrationPath; // empty: none

    double stopTimeSeconds = 0.0;
    bool flowMonitor = false;
    bool pcap = false;

    /** The complete document (after --set and defaults): what the scenario hash covers. */
    nlohmann::json document;
    /** FNV-1a 64 of the complete document's canonical text, as 16 hex digits. */
    std::string hash;

    /** Devices that run a request source. */
    int SourceCount() const;
};

/**
 * Reads, overrides (`--set a.b.c=VALUE`, applied in order), validates and types a scenario,
 * reading the model file it names to check the placement. Throws eesim::Error listing every
 * problem, one `FILE: /json/pointer: problem` per line.
 */
Scenario LoadScenario(const std::string& path, const std::vector<std::string>& overrides);

/** Applies one `a.b.c=VALUE` override; VALUE is JSON when it parses as JSON, else a string. */
void ApplyOverride(nlohmann::json& document, const std::string& assignment);

} // namespace eesim

#endif
