#include "sim/run/server-router.h"

#include "base/seed-streams.h"

#include <algorithm>
#include <ns3/simulator.h>

namespace eesim
{

ServerRouter::ServerRouter(const Scenario& scenario, const SegmentPlacement& placement,
                           const CostModel& costs, std::vector<ComputeQueue>& compute,
                           LinkChannels& channels)
    : m_scenario(scenario)
    , m_placement(placement)
    , m_costs(costs)
    , m_compute(compute)
    , m_channels(channels)
    , m_reports(scenario.pools.size())
    , m_given(scenario.pools.size())
    , m_featureBytes(scenario.pools.size())
{
    for (const ServerPool& pool : scenario.pools)
    {
        m_policies.push_back(ServerSelectionRegistry::Global().Find(pool.selection)->make());
    }
}

void
ServerRouter::Start()
{
    for (std::size_t p = 0; p < m_scenario.pools.size(); ++p)
    {
        if (m_scenario.pools[p].reportPeriodSeconds > 0)
        {
            TakeReports(int(p));
        }
    }
}

void
ServerRouter::TakeReports(int pool)
{
    const ServerPool& config = m_scenario.pools[std::size_t(pool)];
    const double now = ns3::Simulator::Now().GetSeconds();
    for (const int server : config.nodes)
    {
        m_reports[std::size_t(pool)][server]
            = { m_compute[std::size_t(server)].BacklogSeconds(), now };
    }
    // Every server of the pool has just reported: what was sent since the last reports is in
    // these.
    for (auto& [key, sent] : m_sentSinceReport)
    {
        sent = std::get<0>(key) == pool ? 0 : sent;
    }
    ns3::Simulator::Schedule(ns3::Seconds(config.reportPeriodSeconds), &ServerRouter::TakeReports,
                             this, pool);
}

int
ServerRouter::NodeFor(InFlightRequest& request, std::size_t segment, int from)
{
    const int pool = m_placement.PoolAt(segment);
    if (pool < 0)
    {
        return m_placement.NodeFor(request.row.source, segment);
    }
    const auto chosen = request.poolServers.find(pool);
    if (chosen != request.poolServers.end())
    {
        return chosen->second;
    }
    const int server = Choose(pool, request, segment, from);
    request.poolServers[pool] = server;
    return server;
}

int
ServerRouter::NodeOf(const InFlightRequest& request, std::size_t segment) const
{
    const int pool = m_placement.PoolAt(segment);
    return pool < 0 ? m_placement.NodeFor(request.row.source, segment)
                    : request.poolServers.at(pool);
}

int
ServerRouter::Choose(int pool, const InFlightRequest& request, std::size_t segment, int from)
{
    SelectionObservation observation;
    observation.request = request.row.id;
    observation.chooser = from;
    observation.earlierChoices = m_choicesMade[{ pool, from }];
    observation.seed = StreamSeed(SeedStream::kServerChoice, m_scenario.seed, std::uint64_t(pool));
    const std::vector<int>& servers = m_scenario.pools[std::size_t(pool)].nodes;
    for (const int server : servers)
    {
        observation.servers.push_back(View(pool, server, segment, from));
    }
    return servers.at(m_policies[std::size_t(pool)]->Choose(observation));
}

ServerView
ServerRouter::View(int pool, int server, std::size_t segment, int from)
{
    ServerView view;
    view.node = server;
    view.linkSnrDb = m_channels.EstimateSnrDb(from, server);
    view.serviceSeconds = ServiceSeconds(pool, server, segment);
    const double now = ns3::Simulator::Now().GetSeconds();
    if (m_scenario.pools[std::size_t(pool)].reportPeriodSeconds <= 0)
    {
        view.reportedBacklogSeconds = m_compute[std::size_t(server)].BacklogSeconds();
        return view;
    }
    const Report& report = m_reports[std::size_t(pool)][server];
    view.reportedBacklogSeconds = std::max(0.0, report.backlogSeconds - (now - report.at));
    const auto sent = m_sentSinceReport.find({ pool, from, server });
    view.sentSinceReport = sent == m_sentSinceReport.end() ? 0 : sent->second;
    return view;
}

double
ServerRouter::ServiceSeconds(int pool, int server, std::size_t segment) const
{
    double flops = 0.0;
    for (std::size_t k = segment; k < m_placement.SegmentCount() && m_placement.PoolAt(k) == pool;
         ++k)
    {
        flops += double(m_costs.StageFlops(k, server));
    }
    return flops / (m_scenario.nodes[std::size_t(server)].capacityGflops * 1e9);
}

void
ServerRouter::NoteSent(std::size_t segment, int from, int to, std::uint64_t bytes)
{
    const int pool = m_placement.PoolAt(segment);
    if (pool < 0)
    {
        return;
    }
    ++m_given[std::size_t(pool)][to];
    m_featureBytes[std::size_t(pool)][to] += bytes;
    ++m_sentSinceReport[{ pool, from, to }];
    ++m_choicesMade[{ pool, from }];
}

nlohmann::json
ServerRouter::Summary() const
{
    nlohmann::json pools = nlohmann::json::array();
    for (std::size_t p = 0; p < m_scenario.pools.size(); ++p)
    {
        const ServerPool& pool = m_scenario.pools[p];
        nlohmann::json servers = nlohmann::json::array();
        for (const int server : pool.nodes)
        {
            const auto given = m_given[p].find(server);
            const auto bytes = m_featureBytes[p].find(server);
            servers.push_back(
                { { "name", m_scenario.nodes[std::size_t(server)].name },
                  { "requests", given == m_given[p].end() ? 0 : given->second },
                  { "feature_bytes", bytes == m_featureBytes[p].end() ? 0 : bytes->second } });
        }
        pools.push_back(
            { { "name", pool.name }, { "selection", pool.selection }, { "servers", servers } });
    }
    return pools;
}

} // namespace eesim
