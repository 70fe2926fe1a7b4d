#ifndef EESIM_SIM_SCENARIO_SCENARIO_H
#define EESIM_SIM_SCENARIO_SCENARIO_H

#include "channel/feature-codec.h"
#include "nn/dataset.h"
#include "sim/compute/batch-former.h"
#include "sim/compute/capacity-model.h"

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * The most simulated seconds a run may span: 100,000 s, some 28 hours. Simulated time costs
 * computing even when nothing happens (the access point's Wi-Fi beacons, every 102.4 ms, reach
 * every node: about 0.3 ms of computing per node and simulated second, so 100,000 s of an idle
 * two-node scenario take about a minute and of a 50-device one some 25 minutes), and an ns-3
 * time ends at about 9.2e9 s. The time keys stop here, and so does every run's time limit.
 */
constexpr double kMaxSimulatedSeconds = 1e5;

// The structs below are filled from the complete document by LoadScenario. Every default lives
// in the key table (scenario-schema.cc) alone: members here are only zero-initialised.

/** One simulated node. */
struct NodeConfig
{
    std::string name;
    bool isServer{};
    std::array<double, 3> positionM{};
    std::array<double, 3> velocityMps{};
    std::string profile;
    double capacityGflops{}; // resolved: the scenario's figure or the profile's
    double idleWatts{};
    double busyWatts{};
    bool issuesRequests{};        // devices only
    int queueLimit{};             // tasks that may wait for the node's processor; 0 = no limit
    CapacityFactory makeCapacity; // from the node's capacity model (nodes[].fluctuation)
    BatchingSettings batching;    // nodes[].batching, the cost curve resolved
};

/** The cells of `lte` links: the `channel.lte` keys (see sim/topology/lte-links.h). */
struct LteConfig
{
    int bandwidthRb{};     // uplink and downlink resource blocks
    std::string scheduler; // the key's value (pf, rr, ...)
    double ueTxPowerDbm{};
    double enbTxPowerDbm{};
    double enbHeightM{};
    std::string pathloss; // the key's value (log-distance, okumura-hata, ...)
    int srsPeriodicityMs{};
    double backhaulDelaySeconds{};
    double backhaulRateMbps{};
    int rlcBufferBytes{};
};

/** How links carry features and what SNR they see: the `channel` and `csi` keys. */
struct ChannelConfig
{
    std::string defaultLinkType; // channel.mode: a registered link type (link-type.h)
    /** Links (sending node, receiving node) whose type differs from the default. */
    std::map<std::pair<int, int>, std::string> linkTypes;
    bool fixedSnr{};
    double snrDb{};
    std::string fading; // none, block, gilbert-elliott
    double coherenceSeconds{};
    double meanGoodSeconds{};
    double meanBadSeconds{};
    double badLossDb{};
    double symbolRate{};
    double analogTxPowerDbm{};
    double analogNoiseFigureDb{};
    double analogBandwidthHz{}; // resolved: the symbol rate when the key is 0
    std::string csiMode;        // perfect, delayed, noisy
    double csiDelaySeconds{};
    double csiSigmaDb{};
    LteConfig lte;

    /** The link type that carries features from `from` to `to`. */
    const std::string& LinkTypeOf(int from, int to) const
    {
        const auto it = linkTypes.find({ from, to });
        return it == linkTypes.end() ? defaultLinkType : it->second;
    }
};

/** A pool of servers a placement entry may name (pools[]): each request's sender chooses one. */
struct ServerPool
{
    std::string name;
    std::vector<int> nodes;       // node indices, in the pool's order
    std::string selection;        // a registered server-selection policy
    double reportPeriodSeconds{}; // 0 = the backlog as it is
};

/** A validated scenario with every default filled in (see scenario-schema.cc for each key). */
struct Scenario
{
    std::string file;
    std::string name;
    std::uint32_t seed{};
    std::string modelPath;
    double flopsScale{};
    std::vector<double> segmentFlops;    // per segment, or empty
    std::vector<double> segmentLatencyS; // per segment, or empty
    DatasetSource dataset;               // the `dataset` keys; the folder as given (not resolved)
    Split split{};

    int requestCount{};       // per device
    double durationSeconds{}; // issuing period per device; 0 = until requestCount
    bool poissonArrivals{};
    double ratePerSecond{};
    double startSeconds{};
    double deadlineSeconds{}; // 0 = none
    bool abandonAfterDeadline{};

    std::vector<NodeConfig> nodes;
    /** Per segment: a node index, -1 for "the requesting device", or -2 - p for pool p (see
     *  SegmentPlacement). One entry per segment. */
    std::vector<int> placement;
    std::vector<ServerPool> pools;

    std::string wifiStandard;
    bool adhoc{};
    double associationSpreadSeconds{}; // stations' first association requests spread over this
    std::string rateControl;
    int constantMcs{};
    double txPowerDbm{};
    int channelWidthMhz{};
    double pathLossExponent{};
    double referenceLossDb{};
    double nakagamiM{};

    std::string protocol;
    int udpFragmentBytes{};
    double answerTimeoutSeconds{}; // 0 = wait as long as it takes
    FeatureEncoding encoding{};
    ChannelConfig channel;
    std::string exitPolicy;
    nlohmann::json exitParameters;
    std::string transmissionPolicy;
    nlohmann::json transmissionParameters;
    std::string calibrationPath; // empty: none

    double stopTimeSeconds{};
    bool flowMonitor{};
    bool pcap{};

    /** The complete document (after --set and defaults): what the scenario hash covers. */
    nlohmann::json document;
    /** FNV-1a 64 of the complete document's canonical text, as 16 hex digits. */
    std::string hash;

    /** Devices that run a request source. */
    int SourceCount() const;
    /** When each device issues its last request at the latest: start_s plus count / rate_per_s,
     *  or plus duration_s when that is shorter. */
    double IssuingEndSeconds() const;
    /** The simulated time at which the run stops at the latest: stop_time_s when set, else ten
     *  times the issuing period after the last arrival plus a minute (for requests still in
     *  flight), at most kMaxSimulatedSeconds. */
    double TimeLimitSeconds() const;
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
