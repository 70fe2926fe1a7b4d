#include "sim/scenario/scenario.h"

#include "base/config-path.h"
#include "base/error.h"
#include "base/json-reader.h"
#include "nn/model-file.h"
#include "policies/policy-registry.h"
#include "sim/compute/capacity-model.h"
#include "sim/scenario/device-profile.h"
#include "sim/scenario/scenario-checks.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/scenario-schema.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>

namespace eesim
{

int
Scenario::SourceCount() const
{
    int count = 0;
    for (const auto& node : nodes)
    {
        count += !node.isServer && node.issuesRequests ? 1 : 0;
    }
    return count;
}

double
Scenario::IssuingEndSeconds() const
{
    double issuing = double(requestCount) / ratePerSecond;
    if (durationSeconds > 0)
    {
        issuing = std::min(issuing, durationSeconds);
    }
    return startSeconds + issuing;
}

double
Scenario::TimeLimitSeconds() const
{
    if (stopTimeSeconds > 0)
    {
        return stopTimeSeconds;
    }
    const double issuing = IssuingEndSeconds() - startSeconds;
    return std::min(startSeconds + 10 * issuing + 60, kMaxSimulatedSeconds);
}

void
ApplyOverride(nlohmann::json& document, const std::string& assignment)
{
    try
    {
        // Keys and strings in a JSON document are UTF-8; an option that is not would only fail
        // later, when the document is written out, far from its cause.
        (void)nlohmann::json(assignment).dump();
    }
    catch (const nlohmann::json::type_error&)
    {
        throw Error("--set: not valid UTF-8");
    }
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        throw Error("--set " + assignment + ": expected KEY.PATH=VALUE");
    }
    const std::string path = assignment.substr(0, eq);
    const std::string text = assignment.substr(eq + 1);
    // Not JSON: a bare string such as --set wifi.standard=802.11ac.
    const nlohmann::json value = ParseJsonTextIfJson(text, "--set " + path).value_or(text);
    // A path deeper than any scenario key would only build a document too deep to handle.
    if (std::count(path.begin(), path.end(), '.') >= kMaxJsonDepth)
    {
        throw Error("--set " + path.substr(0, 40) + "...: the path is deeper than "
                    + std::to_string(kMaxJsonDepth) + " levels");
    }
    nlohmann::json* target = &document;
    std::size_t start = 0;
    while (true)
    {
        const auto dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
        if (part.empty())
        {
            throw Error("--set " + assignment + ": empty key in the path");
        }
        if (target->is_array())
        {
            const bool numeric = part.find_first_not_of("0123456789") == std::string::npos;
            // Nine digits always fit in stoul's range; a longer number is past the end anyway.
            const std::size_t index
                = numeric && part.size() <= 9 ? std::stoul(part) : target->size();
            if (index >= target->size())
            {
                throw Error("--set " + assignment + ": '" + part + "' is not an index of "
                            + std::to_string(target->size()) + " elements");
            }
            target = &(*target)[index];
        }
        else
        {
            if (!target->is_object())
            {
                *target = nlohmann::json::object();
            }
            target = &(*target)[part];
        }
        if (dot == std::string::npos)
        {
            break;
        }
        start = dot + 1;
    }
    *target = value;
}

namespace
{

std::string
Fnv1a64(const std::string& text)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : text)
    {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
    return hex;
}

std::array<double, 3>
Vector(const nlohmann::json& value)
{
    return { value[0].get<double>(), value[1].get<double>(), value[2].get<double>() };
}

/** The channel and csi keys; link node names are resolved by CheckLinks. */
ChannelConfig
ReadChannel(const nlohmann::json& doc)
{
    const auto& c = doc["channel"];
    ChannelConfig channel;
    channel.defaultLinkType = c["mode"];
    channel.fixedSnr = c["snr"] == "fixed";
    channel.snrDb = c["snr_db"];
    channel.fading = c["fading"];
    channel.coherenceSeconds = c["coherence_time_ms"].get<double>() / 1000.0;
    channel.meanGoodSeconds = c["mean_good_s"];
    channel.meanBadSeconds = c["mean_bad_s"];
    channel.badLossDb = c["bad_loss_db"];
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        if (type.read)
        {
            type.read(c.contains(type.name) ? c[type.name] : nlohmann::json::object(), channel);
        }
    }
    const auto& csi = doc["csi"];
    channel.csiMode = csi["mode"];
    channel.csiDelaySeconds = csi["delay_ms"].get<double>() / 1000.0;
    channel.csiSigmaDb = csi["sigma_db"];
    return channel;
}

/** The `dataset` keys; those left out of the complete document read as their defaults. */
DatasetSource
ReadDatasetSource(const nlohmann::json& object)
{
    auto key = [&](const std::string& name)
    { return ValueOrDefault(ScenarioKeys(), "dataset." + name, object); };
    DatasetSource source;
    source.format = key("format");
    source.dir = object["dir"];
    source.layout = key("layout");
    source.trainImages = key("train_images_file");
    source.trainLabels = key("train_labels_file");
    source.testImages = key("test_images_file");
    source.testLabels = key("test_labels_file");
    source.validationImages = key("validation_images");
    return source;
}

/** nodes[].batching, which the complete document leaves out while every key holds its default:
 *  a table in the scenario, or else the profile's batch costs. */
BatchingSettings
ReadBatching(const nlohmann::json& node, const DeviceProfile& profile)
{
    const nlohmann::json batching = node.value("batching", nlohmann::json::object());
    auto value = [&](const char* key)
    { return ValueOrDefault(ScenarioKeys(), std::string("nodes[].batching.") + key, batching); };
    BatchingSettings settings;
    settings.maxBatch = value("max_batch");
    settings.maxWaitSeconds = value("max_wait_ms").get<double>() / 1000.0;
    const auto table = value("relative_cost").get<std::vector<double>>();
    // A table with a problem is reported by the checks (CheckNode); the profile's stands in.
    const bool usable = !table.empty() && BatchCostCurve::TableProblem(table).empty();
    settings.cost = usable ? BatchCostCurve::FromTable(table) : profile.batchCost;
    return settings;
}

Scenario
Build(const nlohmann::json& doc, const std::string& path)
{
    Scenario s;
    s.file = path;
    s.document = doc;
    s.hash = Fnv1a64(doc.dump());
    s.name = doc["name"];
    s.seed = doc["seed"].get<std::uint32_t>();
    s.modelPath = ResolveBeside(path, doc["model"]);
    s.flopsScale = doc["model_flops_scale"];
    s.segmentFlops = doc["segment_flops"].get<std::vector<double>>();
    for (double ms : doc["segment_latency_ms"].get<std::vector<double>>())
    {
        s.segmentLatencyS.push_back(ms / 1000.0);
    }
    s.dataset = ReadDatasetSource(doc["dataset"]);
    s.split = ParseSplit(doc["dataset"]["split"]);
    const auto& requests = doc["requests"];
    s.requestCount = requests["count"];
    s.durationSeconds = requests["duration_s"];
    s.poissonArrivals = requests["arrival"] == "poisson";
    s.ratePerSecond = requests["rate_per_s"];
    s.startSeconds = requests["start_s"];
    s.deadlineSeconds = requests["deadline_ms"].get<double>() / 1000.0;
    s.abandonAfterDeadline = requests["abandon_after_deadline"];
    for (const auto& node : doc["nodes"])
    {
        NodeConfig config;
        config.name = node["name"];
        config.isServer = node["role"] == "server";
        config.positionM = Vector(node["position_m"]);
        config.velocityMps = Vector(node["velocity_mps"]);
        config.profile = node["profile"];
        // A figure of -1 means "the profile's".
        const DeviceProfile* profile = FindDeviceProfile(config.profile);
        auto figure = [&](const char* key, double fromProfile)
        { return node[key].get<double>() == -1 ? fromProfile : node[key].get<double>(); };
        config.capacityGflops = figure("capacity_gflops", profile->gflops);
        config.idleWatts = figure("idle_power_w", profile->idleWatts);
        config.busyWatts = figure("busy_power_w", profile->busyWatts);
        config.issuesRequests = node["issues_requests"];
        config.queueLimit = node["queue_limit"];
        config.batching = ReadBatching(node, *profile);
        s.nodes.push_back(config);
    }
    const auto& wifi = doc["wifi"];
    s.wifiStandard = wifi["standard"];
    s.adhoc = wifi["mode"] == "adhoc";
    s.associationSpreadSeconds
        = ValueOrDefault(ScenarioKeys(), "wifi.association_spread_s", wifi).get<double>();
    s.rateControl = wifi["rate_control"];
    s.constantMcs = wifi["constant_mcs"];
    s.txPowerDbm = wifi["tx_power_dbm"];
    s.channelWidthMhz = wifi["channel_width_mhz"];
    s.pathLossExponent = doc["propagation"]["exponent"];
    s.referenceLossDb = doc["propagation"]["reference_loss_db"];
    s.nakagamiM = doc["propagation"]["nakagami_m"];
    s.protocol = doc["transport"]["protocol"];
    s.udpFragmentBytes = doc["transport"]["udp_fragment_bytes"];
    s.answerTimeoutSeconds = doc["transport"]["answer_timeout_ms"].get<double>() / 1000.0;
    s.encoding = ParseFeatureEncoding(doc["transport"]["encoding"]);
    s.channel = ReadChannel(doc);
    const std::string calibration = doc["policies"]["transmission"]["calibration"];
    s.calibrationPath = calibration.empty() ? "" : ResolveBeside(path, calibration);
    s.exitPolicy = doc["policies"]["exit"]["name"];
    s.exitParameters = doc["policies"]["exit"]["params"];
    s.transmissionPolicy = doc["policies"]["transmission"]["name"];
    s.transmissionParameters = doc["policies"]["transmission"]["params"];
    s.stopTimeSeconds = doc["stop_time_s"];
    s.flowMonitor = doc["output"]["flow_monitor"];
    s.pcap = doc["output"]["pcap"];
    return s;
}

} // namespace

Scenario
LoadScenario(const std::string& path, const std::vector<std::string>& overrides)
{
    nlohmann::json document = ParseJsonFile(path);
    for (const auto& assignment : overrides)
    {
        ApplyOverride(document, assignment);
    }
    std::vector<std::string> errors;
    const nlohmann::json complete = CompleteScenario(document, path, errors);
    Scenario scenario;
    if (errors.empty())
    {
        scenario = Build(complete, path);
        CheckReferences(scenario, complete, errors);
    }
    if (!errors.empty())
    {
        std::string all;
        for (const auto& error : errors)
        {
            all += (all.empty() ? "" : "\n") + error;
        }
        throw Error(all);
    }
    return scenario;
}

} // namespace eesim
