#include "sim/scenario/scenario.h"

#include "base/config-path.h"
#include "base/error.h"
#include "base/json-reader.h"
#include "nn/model-file.h"
#include "policies/policy-registry.h"
#include "sim/compute/capacity-model.h"
#include "sim/scenario/device-profile.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/scenario-schema.h"
#include "sim/topology/link-type.h"

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

/** The node's capacity model reads its settings (checking what its keys cannot say) and gives
 *  the node its factory. */
void
LoadCapacity(Scenario& s, std::size_t index, const nlohmann::json& fluctuation,
             const std::string& at, std::vector<std::string>& errors)
{
    const CapacityModel* model = CapacityModelRegistry::Global().Find(fluctuation["model"]);
    std::vector<CapacityProblem> problems;
    s.nodes[index].makeCapacity = model->load({ fluctuation, s.file }, problems);
    for (const CapacityProblem& problem : problems)
    {
        errors.push_back(at + "/fluctuation" + (problem.key.empty() ? "" : "/" + problem.key) + ": "
                         + problem.what);
    }
}

/** A node's figures and capacity model, beyond what the key table can say. */
void
CheckNode(Scenario& s, std::size_t index, const nlohmann::json& node, const std::string& pointer,
          std::vector<std::string>& errors)
{
    const std::string at = s.file + ": " + pointer;
    for (const char* key : { "capacity_gflops", "idle_power_w", "busy_power_w" })
    {
        const double value = node[key];
        const bool ok
            = value == -1 || (std::string(key) == "capacity_gflops" ? value > 0 : value >= 0);
        if (!ok)
        {
            errors.push_back(at + "/" + key + ": expected -1 (the profile's) or a "
                             + (std::string(key) == "capacity_gflops" ? "positive" : "non-negative")
                             + " value, got " + node[key].dump());
        }
    }
    LoadCapacity(s, index, node["fluctuation"], at, errors);
}

/** channel.links names, and that each link suits its type (LinkType::checkLink). */
void
CheckLinks(Scenario& s, const nlohmann::json& doc, const std::map<std::string, int>& index,
           const MultiExitModel* model, std::vector<std::string>& errors)
{
    const std::string at = s.file + ": /channel/links/";
    const auto& links = doc["channel"]["links"];
    for (std::size_t i = 0; i < links.size(); ++i)
    {
        const std::string from = links[i]["from"];
        const std::string to = links[i]["to"];
        for (const auto& [key, name] : { std::pair{ "from", from }, std::pair{ "to", to } })
        {
            if (index.count(name) == 0)
            {
                errors.push_back(at + std::to_string(i) + "/" + key + ": no node named \"" + name
                                 + "\"");
            }
        }
        if (from == to)
        {
            errors.push_back(at + std::to_string(i) + "/to: a link from \"" + from
                             + "\" to itself (features on one node cross no link)");
        }
        if (index.count(from) != 0 && index.count(to) != 0)
        {
            const auto [entry, fresh] = s.channel.linkTypes.emplace(
                std::make_pair(index.at(from), index.at(to)), links[i]["mode"]);
            if (!fresh && entry->second != links[i]["mode"])
            {
                errors.push_back(at + std::to_string(i)
                                 + "/mode: contradicts an earlier entry "
                                   "for the link "
                                 + from + " -> " + to + " (\"" + entry->second + "\")");
            }
        }
    }
    if (model == nullptr || s.placement.size() != model->SegmentCount())
    {
        return; // the placement or the model is wrong already
    }
    for (const ScenarioLink& link : ScenarioLinks(s))
    {
        const LinkType* type
            = LinkTypeRegistry::Global().Find(s.channel.LinkTypeOf(link.from, link.to));
        const std::string problem = type->checkLink(*model, link);
        if (!problem.empty())
        {
            const std::string where = link.carriesInput
                                          ? " before segment 0 "
                                          : " after segment " + std::to_string(link.segment) + " ";
            errors.push_back(s.file + ": /channel: the link " + s.nodes[link.from].name + " -> "
                             + s.nodes[link.to].name + where + problem);
        }
    }
}

/** The TD policy's parameters, and its calibration file: readable, intact, made for this
 *  model, and holding what the policy needs for every channel mode the run uses. */
void
CheckTransmission(const Scenario& s, std::vector<std::string>& errors)
{
    const std::string at = s.file + ": /policies/transmission";
    const std::size_t before = errors.size();
    PolicyRegistry::CheckTransmissionPolicy(s.transmissionPolicy, s.transmissionParameters, s.file,
                                            "/policies/transmission", errors);
    if (errors.size() != before)
    {
        return;
    }
    if (s.calibrationPath.empty())
    {
        if (PolicyRegistry::NeedsCalibration(s.transmissionPolicy))
        {
            errors.push_back(at + "/calibration: policy \"" + s.transmissionPolicy
                             + "\" needs a calibration file (write one with eesim calibrate)");
        }
        return;
    }
    try
    {
        const Calibration calibration = LoadScenarioCalibration(s);
        for (const std::string& mode : ChannelModeNames(s))
        {
            PolicyRegistry::MakeTransmissionPolicy(s.transmissionPolicy, s.transmissionParameters,
                                                   { &calibration, mode });
        }
    }
    catch (const std::exception& e)
    {
        errors.push_back(at + "/calibration: " + e.what());
    }
}

/** Per-exit parameters (a list of one value per exit) may not hold more values than the model
 *  has exits; an inner policy's are checked too. */
void
CheckPerExitLengths(const Scenario& s, const std::string& name, const nlohmann::json& params,
                    const std::string& pointer, int exits, std::vector<std::string>& errors)
{
    if (!params.is_object())
    {
        return;
    }
    for (const auto& policy : PolicyRegistry::ExitPolicies())
    {
        if (policy.name != name)
        {
            continue;
        }
        for (const KeySpec& key : policy.parameters)
        {
            const auto value = params.find(key.path);
            if (key.perExit && value != params.end() && value->is_array()
                && int(value->size()) > exits)
            {
                errors.push_back(s.file + ": " + pointer + "/" + key.path + ": "
                                 + std::to_string(value->size()) + " values but the model has "
                                 + std::to_string(exits) + " exits");
            }
        }
    }
    const auto inner = params.find("inner");
    if (inner != params.end() && inner->is_object() && inner->contains("name")
        && (*inner)["name"].is_string())
    {
        CheckPerExitLengths(s, (*inner)["name"], inner->value("params", nlohmann::json()),
                            pointer + "/inner/params", exits, errors);
    }
}

/** Each node's index by name; a name used twice is an error. */
std::map<std::string, int>
IndexNodes(const Scenario& s, std::vector<std::string>& errors)
{
    std::map<std::string, int> index;
    for (std::size_t i = 0; i < s.nodes.size(); ++i)
    {
        if (s.nodes[i].name == "source")
        {
            errors.push_back(s.file + ": /nodes/" + std::to_string(i)
                             + "/name: \"source\" is reserved (placement uses it for the "
                               "requesting device); choose another name");
        }
        if (!index.emplace(s.nodes[i].name, int(i)).second)
        {
            errors.push_back(s.file + ": /nodes/" + std::to_string(i)
                             + "/name: duplicate node name \"" + s.nodes[i].name + "\"");
        }
    }
    return index;
}

/** The scenario's name becomes the default run folder (results/runs/NAME-SEED): a plain
 *  file name, so it can neither leave results/runs nor fail to be created. */
void
CheckName(const Scenario& s, std::vector<std::string>& errors)
{
    constexpr std::size_t kMaxNameLength = 100;
    const bool plain
        = !s.name.empty() && s.name.size() <= kMaxNameLength && s.name != "." && s.name != ".."
          && s.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789._-")
                 == std::string::npos;
    if (!plain)
    {
        // A long name is shown by its start and its length, so the error stays one short line.
        const std::string shown
            = nlohmann::json(s.name.substr(0, 40))
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              + (s.name.size() > 40 ? "... (" + std::to_string(s.name.size()) + " characters)"
                                    : "");
        errors.push_back(s.file
                         + ": /name: expected 1 to 100 letters, digits, '.', '_' or '-' (it "
                           "names the run folder), got "
                         + shown);
    }
}

/** Someone issues requests, and abandoning them at their deadline needs a deadline. */
void
CheckRequests(const Scenario& s, std::vector<std::string>& errors)
{
    if (s.SourceCount() == 0)
    {
        errors.push_back(s.file + ": /nodes: no device issues requests");
    }
    if (s.abandonAfterDeadline && s.deadlineSeconds <= 0)
    {
        errors.push_back(s.file
                         + ": /requests/abandon_after_deadline: needs a deadline (set "
                           "requests.deadline_ms above 0)");
    }
}

/** Each node (figures, capacity model), and the one access point infrastructure mode needs. */
void
CheckNodes(Scenario& s, const nlohmann::json& doc, std::vector<std::string>& errors)
{
    int servers = 0;
    for (std::size_t i = 0; i < s.nodes.size(); ++i)
    {
        CheckNode(s, i, doc["nodes"][i], "/nodes/" + std::to_string(i), errors);
        servers += s.nodes[i].isServer ? 1 : 0;
    }
    if (!s.adhoc && servers != 1)
    {
        errors.push_back(s.file
                         + ": /nodes: infrastructure mode needs exactly one \"server\" (the "
                           "access point), found "
                         + std::to_string(servers));
    }
}

/** The model file, or null (and an error) when it cannot be used. */
std::unique_ptr<MultiExitModel>
LoadModel(const Scenario& s, std::vector<std::string>& errors)
{
    try
    {
        return std::make_unique<MultiExitModel>(ModelFile::Load(s.modelPath));
    }
    catch (const Error& e)
    {
        errors.push_back(s.file + ": /model: " + e.what());
        return nullptr;
    }
}

/** segment_flops and segment_latency_ms: one value per segment, and not both. */
void
CheckSegmentLists(const Scenario& s, const nlohmann::json& doc, int segments,
                  std::vector<std::string>& errors)
{
    for (const char* key : { "segment_flops", "segment_latency_ms" })
    {
        const std::size_t given = doc[key].size();
        if (segments > 0 && given != 0 && int(given) != segments)
        {
            errors.push_back(s.file + ": /" + key + ": expected one value per segment ("
                             + std::to_string(segments) + "), got " + std::to_string(given));
        }
    }
    if (!doc["segment_flops"].empty() && !doc["segment_latency_ms"].empty())
    {
        errors.push_back(s.file
                         + ": /segment_latency_ms: set segment_flops or segment_latency_ms, not "
                           "both");
    }
}

/** Turns the placement's names into node indices (-1 for "source"), one per segment: a
 *  shorter list repeats its last entry. */
void
ResolvePlacement(Scenario& s, const nlohmann::json& placement,
                 const std::map<std::string, int>& index, int segments,
                 std::vector<std::string>& errors)
{
    if (segments > 0 && int(placement.size()) > segments)
    {
        errors.push_back(s.file + ": /placement: " + std::to_string(placement.size())
                         + " entries but the model has " + std::to_string(segments) + " segments");
    }
    std::vector<std::string> names;
    for (const auto& node : s.nodes)
    {
        names.push_back(node.name);
    }
    names.push_back("source");
    for (std::size_t k = 0; k < placement.size(); ++k)
    {
        const std::string name = placement[k].get<std::string>();
        if (name != "source" && index.count(name) == 0)
        {
            const std::string suggestion = ClosestMatch(name, names);
            errors.push_back(
                s.file + ": /placement/" + std::to_string(k) + ": no node named \"" + name + "\""
                + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
        }
        else
        {
            s.placement.push_back(name == "source" ? -1 : index.at(name));
        }
    }
    while (!s.placement.empty() && int(s.placement.size()) < segments)
    {
        s.placement.push_back(s.placement.back());
    }
}

/** Wi-Fi channels are 20, 40, 80 or 160 MHz wide. */
void
CheckChannelWidth(const Scenario& s, std::vector<std::string>& errors)
{
    if (s.channelWidthMhz != 20 && s.channelWidthMhz != 40 && s.channelWidthMhz != 80
        && s.channelWidthMhz != 160)
    {
        errors.push_back(s.file + ": /wifi/channel_width_mhz: expected 20, 40, 80 or 160, got "
                         + std::to_string(s.channelWidthMhz));
    }
}

/** Cross-field checks; the document is complete and each value has its type. Resolves what
 *  needs the checks: node indices in the placement and links, capacity factories. */
void
CheckReferences(Scenario& s, const nlohmann::json& doc, std::vector<std::string>& errors)
{
    const std::map<std::string, int> index = IndexNodes(s, errors);
    CheckName(s, errors);
    CheckRequests(s, errors);
    CheckNodes(s, doc, errors);
    const std::unique_ptr<MultiExitModel> model = LoadModel(s, errors);
    const int segments = model ? int(model->SegmentCount()) : 0;
    CheckSegmentLists(s, doc, segments, errors);
    ResolvePlacement(s, doc["placement"], index, segments, errors);
    CheckLinks(s, doc, index, model.get(), errors);
    PolicyRegistry::CheckExitPolicy(s.exitPolicy, s.exitParameters, s.file, "/policies/exit",
                                    errors);
    if (model)
    {
        CheckPerExitLengths(s, s.exitPolicy, s.exitParameters, "/policies/exit/params", segments,
                            errors);
    }
    CheckTransmission(s, errors);
    CheckChannelWidth(s, errors);
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
    s.datasetDirectory = doc["dataset"]["dir"];
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
        s.nodes.push_back(config);
    }
    const auto& wifi = doc["wifi"];
    s.wifiStandard = wifi["standard"];
    s.adhoc = wifi["mode"] == "adhoc";
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
