#include "sim/scenario/server-pools.h"

#include "sim/run/segment-placement.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"

#include <set>

namespace eesim
{

namespace
{

constexpr double kShortestReportPeriod = 1e-4; // seconds

/** The pool's nodes, resolved; problems named at `at`. */
std::vector<int>
PoolNodes(const Scenario& s, const nlohmann::json& names, const std::map<std::string, int>& index,
          const std::string& at, std::vector<std::string>& errors)
{
    std::vector<int> nodes;
    std::set<int> seen;
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        const std::string name = names[i];
        const auto found = index.find(name);
        const std::string where = at + "/nodes/" + std::to_string(i) + ": ";
        if (found == index.end())
        {
            errors.push_back(where + "no node named \"" + name + "\"");
        }
        else if (!seen.insert(found->second).second)
        {
            errors.push_back(where + "\"" + name + "\" is in the pool twice");
        }
        else if (!s.nodes[std::size_t(found->second)].isServer
                 && s.nodes[std::size_t(found->second)].issuesRequests)
        {
            errors.push_back(where + "\"" + name
                             + "\" issues requests; a pool's nodes serve other nodes' requests");
        }
        else
        {
            nodes.push_back(found->second);
        }
    }
    if (names.size() < 2)
    {
        errors.push_back(at + "/nodes: a pool needs at least two nodes, got "
                         + std::to_string(names.size()));
    }
    return nodes;
}

} // namespace

void
ResolvePools(Scenario& s, const nlohmann::json& doc, const std::map<std::string, int>& index,
             std::vector<std::string>& errors)
{
    const nlohmann::json pools = doc.value("pools", nlohmann::json::array());
    std::set<std::string> names;
    for (std::size_t p = 0; p < pools.size(); ++p)
    {
        const std::string at = s.file + ": /pools/" + std::to_string(p);
        ServerPool pool;
        pool.name = pools[p]["name"];
        if (pool.name == "source" || index.count(pool.name) != 0 || !names.insert(pool.name).second)
        {
            errors.push_back(at + "/name: \"" + pool.name
                             + "\" is taken (by a node, another pool, or \"source\")");
        }
        pool.nodes = PoolNodes(s, pools[p]["nodes"], index, at, errors);
        pool.selection = pools[p]["selection"];
        pool.reportPeriodSeconds = pools[p]["load_report_period_ms"].get<double>() / 1000.0;
        if (pool.reportPeriodSeconds > 0 && pool.reportPeriodSeconds < kShortestReportPeriod)
        {
            // Each report is an event: a period of nanoseconds would keep the run at one
            // instant of simulated time.
            errors.push_back(at
                             + "/load_report_period_ms: expected 0 (the backlog as it is) or "
                               "at least 0.1, got "
                             + pools[p]["load_report_period_ms"].dump());
        }
        s.pools.push_back(pool);
    }
}

void
CheckPoolPlacement(const Scenario& s, std::vector<std::string>& errors)
{
    const SegmentPlacement placement(s.placement);
    if (!s.placement.empty() && placement.PoolAt(0) >= 0)
    {
        errors.push_back(s.file
                         + ": /placement/0: a pool cannot run segment 0 (the request's "
                           "input stays on its device until a segment has run)");
    }
    std::set<std::string> refused;
    for (const ScenarioLink& link : ScenarioLinks(s))
    {
        const int pool = placement.PoolAt(link.segment + 1);
        const std::string& type = s.channel.LinkTypeOf(link.from, link.to);
        const LinkType* registration = LinkTypeRegistry::Global().Find(type);
        // A messages type that does not ride Wi-Fi has IP devices of its own (lte): a device
        // attaches to one server's cell, and could not reach the pool's other servers.
        const bool ownDevices = registration != nullptr
                                && registration->carrier == LinkCarrier::kMessages
                                && !registration->ridesWifi;
        if (pool >= 0 && !link.carriesInput && ownDevices && refused.insert(type).second)
        {
            errors.push_back(s.file + ": /pools/" + std::to_string(pool)
                             + ": its servers are "
                               "reached over "
                             + type
                             + " links, which join a node to one "
                               "server only; a pool needs links every server can be reached by "
                               "(digital or analog)");
        }
    }
}

} // namespace eesim
