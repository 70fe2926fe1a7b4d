#include "sim/scenario/scenario-checks.h"

#include "base/error.h"
#include "base/json-text.h"
#include "nn/dataset-formats.h"
#include "nn/model-file.h"
#include "policies/policy-registry.h"
#include "sim/compute/capacity-model.h"
#include "sim/run/segment-placement.h"
#include "sim/scenario/device-profile.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/server-pools.h"
#include "sim/scenario/wifi-support.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <map>
#include <memory>

namespace eesim
{

namespace
{

/** The node's capacity model reads its settings (checking what its keys cannot say) and gives
 *  the node its factory. */
void
LoadCapacity(Scenario& s, std::size_t index, const nlohmann::json& fluctuation,
             const std::string& at, std::vector<std::string>& errors)
{
    const CapacityModel* model = CapacityModelRegistry::Global().Find(fluctuation["model"]);
    std::vector<CapacityProblem> problems;
    s.nodes[index].makeCapacity
        = model->load({ fluctuation, s.file, s.TimeLimitSeconds() }, problems);
    for (const CapacityProblem& problem : problems)
    {
        errors.push_back(at + "/fluctuation" + (problem.key.empty() ? "" : "/" + problem.key) + ": "
                         + problem.what);
    }
}

/** A batch cost table: one entry per batch size up to max_batch, a curve's shape. */
void
CheckBatching(const NodeConfig& node, const nlohmann::json& batching, const std::string& at,
              std::vector<std::string>& errors)
{
    const int maxBatch = node.batching.maxBatch;
    if (maxBatch > 1 && node.queueLimit > 0 && node.queueLimit < maxBatch)
    {
        // Requests waiting for a batch count against the limit: a batch could never fill.
        errors.push_back(at + "/batching/max_batch: " + std::to_string(maxBatch)
                         + " is more than the queue_limit of " + std::to_string(node.queueLimit)
                         + " lets wait; a batch could never fill");
    }
    const auto table = batching.value("relative_cost", std::vector<double>());
    if (table.empty())
    {
        return;
    }
    const std::string where = at + "/batching/relative_cost: ";
    if (int(table.size()) != node.batching.maxBatch)
    {
        errors.push_back(where + "expected one cost per batch size up to max_batch ("
                         + std::to_string(node.batching.maxBatch) + "), got "
                         + std::to_string(table.size()));
        return;
    }
    const std::string problem = BatchCostCurve::TableProblem(table);
    if (!problem.empty())
    {
        errors.push_back(where + problem + ", got " + nlohmann::json(table).dump());
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
    CheckBatching(s.nodes[index], node.value("batching", nlohmann::json::object()), at, errors);
}

/** channel.links names, that each link suits its type (LinkType::checkLink), and each type's
 *  checks of the whole scenario (LinkType::checkScenario). */
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
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        if (type.checkScenario)
        {
            type.checkScenario(s, errors);
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

/** Someone issues requests, within the time a run may simulate, and abandoning them at their
 *  deadline needs a deadline. */
void
CheckRequests(const Scenario& s, std::vector<std::string>& errors)
{
    if (s.SourceCount() == 0)
    {
        errors.push_back(s.file + ": /nodes: no device issues requests");
    }
    // A run cannot outlast kMaxSimulatedSeconds, so requests issued after it would never be.
    if (s.IssuingEndSeconds() > kMaxSimulatedSeconds)
    {
        errors.push_back(s.file + ": /requests: the last request would be issued at "
                         + FormatNumber(s.IssuingEndSeconds())
                         + " s (start_s + count / rate_per_s), after the "
                         + FormatNumber(kMaxSimulatedSeconds)
                         + " s a run may simulate; raise rate_per_s, lower count or set "
                           "duration_s");
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
    std::map<std::string, int> pools;
    for (const auto& node : s.nodes)
    {
        names.push_back(node.name);
    }
    for (std::size_t p = 0; p < s.pools.size(); ++p)
    {
        // A name a node or "source" holds stays theirs (ResolvePools reported the clash).
        const std::string& name = s.pools[p].name;
        if (index.count(name) == 0 && name != "source")
        {
            names.push_back(name);
            pools.emplace(name, SegmentPlacement::PoolEntry(int(p)));
        }
    }
    names.push_back("source");
    for (std::size_t k = 0; k < placement.size(); ++k)
    {
        const std::string name = placement[k].get<std::string>();
        if (pools.count(name) != 0)
        {
            s.placement.push_back(pools.at(name));
        }
        else if (name != "source" && index.count(name) == 0)
        {
            const std::string suggestion = ClosestMatch(name, names);
            errors.push_back(
                s.file + ": /placement/" + std::to_string(k) + ": no node or pool named \"" + name
                + "\"" + (suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"));
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

/** The Wi-Fi channel width and constant MCS, against what ns-3 supports for the standard. */
void
CheckWifi(const Scenario& s, std::vector<std::string>& errors)
{
    const WifiSupport wifi(s.wifiStandard);
    const std::vector<int> widths = wifi.ChannelWidthsMhz();
    if (std::find(widths.begin(), widths.end(), s.channelWidthMhz) == widths.end())
    {
        errors.push_back(s.file + ": /wifi/channel_width_mhz: " + s.wifiStandard + " has "
                         + DescribeIntegers(widths) + " MHz channels in the 5 GHz band, got "
                         + std::to_string(s.channelWidthMhz));
        return;
    }
    if (s.rateControl != "constant")
    {
        return;
    }
    const std::vector<int> usable = wifi.UsableMcs(s.channelWidthMhz);
    if (std::find(usable.begin(), usable.end(), s.constantMcs) == usable.end())
    {
        errors.push_back(s.file + ": /wifi/constant_mcs: " + s.wifiStandard + " at "
                         + std::to_string(s.channelWidthMhz) + " MHz has MCS "
                         + DescribeIntegers(usable)
                         + " for a node with one antenna (as ns-3 has them), got "
                         + std::to_string(s.constantMcs));
    }
}

/**
 * Gilbert-Elliott fading draws the switches of each pair of nodes in turn and keeps them for the
 * run (delayed CSI looks back at them), so their number over the run's time limit is bounded as a
 * node's capacity changes are (kMaxCapacityChanges).
 */
void
CheckChannelSwitches(const Scenario& s, std::vector<std::string>& errors)
{
    if (s.channel.fading != "gilbert-elliott")
    {
        return;
    }
    const double pairs = double(s.nodes.size()) * double(s.nodes.size() - 1) / 2;
    const double perSecond = 2 / (s.channel.meanGoodSeconds + s.channel.meanBadSeconds);
    const double switches = pairs * perSecond * s.TimeLimitSeconds();
    if (switches > kMaxCapacityChanges)
    {
        errors.push_back(s.file + ": /channel/mean_good_s: mean times of "
                         + FormatNumber(s.channel.meanGoodSeconds) + " s (good) and "
                         + FormatNumber(s.channel.meanBadSeconds) + " s (bad) make about "
                         + FormatNumber(switches) + " channel state switches over "
                         + FormatNumber(pairs) + " node pairs within the run's time limit of "
                         + FormatNumber(s.TimeLimitSeconds()) + " s, more than the "
                         + FormatNumber(kMaxCapacityChanges)
                         + " a run may make (each is drawn and kept); make them slower or the "
                           "run shorter (stop_time_s)");
    }
}

/**
 * The data set's sample shape against the model's input, from the files' headers alone (and the
 * split against the training part's size): what validate can check cheaply. A data set that is
 * not there is left to the run, which says so when it loads it; the labels against the model's
 * classes need every label, so the run checks them too.
 */
void
CheckDataset(const Scenario& s, const MultiExitModel& model, std::vector<std::string>& errors)
{
    const std::string where = s.file + ": /dataset: ";
    try
    {
        const auto header = ReadDatasetHeader(s.dataset, s.split != Split::kTest);
        if (!header)
        {
            return;
        }
        if (header->shape != model.InputShape())
        {
            errors.push_back(
                where + s.dataset.dir + ": "
                + ShapeMismatch(s.dataset.format, header->shape, model.InputShape(), s.modelPath));
        }
        if (s.split != Split::kTest)
        {
            ValidationStart(s.dataset, header->samples);
        }
    }
    catch (const Error& e)
    {
        errors.push_back(where + e.what());
    }
}

} // namespace

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
    ResolvePools(s, doc, index, errors);
    ResolvePlacement(s, doc["placement"], index, segments, errors);
    CheckLinks(s, doc, index, model.get(), errors);
    CheckPoolPlacement(s, errors);
    PolicyRegistry::CheckExitPolicy(s.exitPolicy, s.exitParameters, s.file, "/policies/exit",
                                    errors);
    if (model)
    {
        CheckDataset(s, *model, errors);
        CheckPerExitLengths(s, s.exitPolicy, s.exitParameters, "/policies/exit/params", segments,
                            errors);
    }
    CheckTransmission(s, errors);
    CheckWifi(s, errors);
    CheckChannelSwitches(s, errors);
}

} // namespace eesim
