#include "sim/scenario/scenario-links.h"

#include "nn/model-file.h"
#include "sim/run/segment-placement.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <stdexcept>

namespace eesim
{

namespace
{

/** The hops on which requesting devices send their input to a segment 0 placed elsewhere. */
void
AddInputLinks(const Scenario& scenario, std::vector<ScenarioLink>& links)
{
    const int first = scenario.placement.empty() ? -1 : scenario.placement[0];
    for (std::size_t device = 0; device < scenario.nodes.size() && first >= 0; ++device)
    {
        const NodeConfig& node = scenario.nodes[device];
        if (!node.isServer && node.issuesRequests && int(device) != first)
        {
            links.push_back({ 0, int(device), first, true });
        }
    }
}

/** The nodes placement entry `entry` may run on for requests of `device`: the device for
 *  "source", the node, or every node of a pool. */
std::vector<int>
NodesOf(const Scenario& scenario, int entry, int device)
{
    if (entry == SegmentPlacement::kSource)
    {
        return { device };
    }
    if (entry >= 0)
    {
        return { entry };
    }
    return scenario.pools.at(std::size_t(SegmentPlacement::PoolOfEntry(entry))).nodes;
}

/** Adds `link` unless it is there already or joins a node to itself. */
void
AddLink(const ScenarioLink& link, std::vector<ScenarioLink>& links)
{
    const bool known = std::any_of(links.begin(), links.end(),
                                   [&](const ScenarioLink& l) {
                                       return l.segment == link.segment && l.from == link.from
                                              && l.to == link.to;
                                   });
    if (link.from != link.to && !known)
    {
        links.push_back(link);
    }
}

} // namespace

std::vector<ScenarioLink>
ScenarioLinks(const Scenario& scenario)
{
    std::vector<ScenarioLink> links;
    const auto& placement = scenario.placement;
    for (std::size_t k = 1; k < placement.size(); ++k)
    {
        for (std::size_t device = 0; device < scenario.nodes.size(); ++device)
        {
            const NodeConfig& node = scenario.nodes[device];
            if (node.isServer || !node.issuesRequests)
            {
                continue;
            }
            if (placement[k] == placement[k - 1])
            {
                continue; // the same node, or the server of a pool chosen before
            }
            // Where this device's requests may run segments k - 1 and k.
            for (const int from : NodesOf(scenario, placement[k - 1], int(device)))
            {
                for (const int to : NodesOf(scenario, placement[k], int(device)))
                {
                    AddLink({ k - 1, from, to }, links);
                }
            }
        }
    }
    AddInputLinks(scenario, links);
    return links;
}

std::vector<std::vector<int>>
RequestNodeGroups(const Scenario& scenario)
{
    std::vector<std::vector<int>> groups;
    for (std::size_t device = 0; device < scenario.nodes.size(); ++device)
    {
        const NodeConfig& node = scenario.nodes[device];
        if (node.isServer || !node.issuesRequests)
        {
            continue;
        }
        std::vector<int> group{ int(device) };
        for (const int entry : scenario.placement)
        {
            const std::vector<int> nodes = NodesOf(scenario, entry, int(device));
            group.insert(group.end(), nodes.begin(), nodes.end());
        }
        std::sort(group.begin(), group.end());
        group.erase(std::unique(group.begin(), group.end()), group.end());
        groups.push_back(std::move(group));
    }
    return groups;
}

std::string
ChannelModeName(const Scenario& scenario, int from, int to)
{
    const std::string& type = scenario.channel.LinkTypeOf(from, to);
    return LinkTypeRegistry::Global().Find(type)->calibrationMode(scenario);
}

std::vector<std::string>
ChannelModeNames(const Scenario& scenario)
{
    std::vector<std::string> names;
    for (const ScenarioLink& link : ScenarioLinks(scenario))
    {
        if (link.carriesInput)
        {
            continue; // no transmission decision before segment 0
        }
        const std::string name = ChannelModeName(scenario, link.from, link.to);
        if (std::find(names.begin(), names.end(), name) == names.end())
        {
            names.push_back(name);
        }
    }
    return names;
}

Calibration
LoadScenarioCalibration(const Scenario& scenario)
{
    Calibration calibration = Calibration::Load(scenario.calibrationPath);
    const MultiExitModel model = ModelFile::Load(scenario.modelPath);
    calibration.CheckModel(model.Name(), ModelFile::Checksum(scenario.modelPath));
    // The transmission policy decides at every link features cross, each time from the
    // calibration's tables for its one split: every such link must be after that segment.
    for (const ScenarioLink& link : ScenarioLinks(scenario))
    {
        if (!link.carriesInput && int(link.segment) != calibration.splitAfterSegment)
        {
            throw std::invalid_argument(
                "calibration is for a split after segment "
                + std::to_string(calibration.splitAfterSegment) + ", but the link "
                + scenario.nodes[link.from].name + " -> " + scenario.nodes[link.to].name
                + " is after segment " + std::to_string(link.segment)
                + " (the transmission policy decides at every link, and a calibration file "
                  "holds one split)");
        }
    }
    return calibration;
}

} // namespace eesim
