#ifndef EESIM_SIM_RUN_SERVER_ROUTER_H
#define EESIM_SIM_RUN_SERVER_ROUTER_H

#include "policies/server-selection.h"
#include "sim/compute/compute-queue.h"
#include "sim/run/cost-model.h"
#include "sim/run/in-flight-request.h"
#include "sim/run/segment-placement.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <tuple>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * Where a request's segments run: the placement's node, or for a segment placed on a pool of
 * servers the server the pool's selection policy chose for that request. The choice is made the
 * first time the request needs it -- by the node holding its features, at the exit before the
 * pool (where the exit policy is told when the next exit would answer) -- and kept, so the
 * request's later segments on the pool stay with it. It counts (for the reports' corrections,
 * round-robin's turns and the summary) only once the features are sent (NoteSent).
 *
 * The policy sees what the choosing node can: each server's backlog from its latest load report
 * (taken every load_report_period_ms as an ns-3 event, and aged since), the requests the
 * chooser itself sent it since that report, the request's service time there at nominal
 * capacity, and its channel-state estimate of the link. Reports are not sent as packets.
 */
class ServerRouter
{
  public:
    /** Every reference must outlive the router; `compute` is every node's queue. */
    ServerRouter(const Scenario& scenario, const SegmentPlacement& placement,
                 const CostModel& costs, std::vector<ComputeQueue>& compute,
                 LinkChannels& channels);
    ServerRouter(const ServerRouter&) = delete;
    ServerRouter& operator=(const ServerRouter&) = delete;
    // No destructor cancels the reports: a run ends with Simulator::Destroy, which drops them.

    /** Schedules the pools' first load reports (before the simulation runs). */
    void Start();
    /** The node that runs `segment` of `request` once it leaves node `from`: the placement's,
     *  or the request's server of the segment's pool, chosen now when it has none yet. */
    int NodeFor(InFlightRequest& request, std::size_t segment, int from);
    /** The node that ran (or runs) `segment` of `request`. */
    int NodeOf(const InFlightRequest& request, std::size_t segment) const;
    /** A request's features for `segment` left `from` for `to` (`bytes` of them; 0 for
     *  symbols): counted when `segment` runs on a pool. */
    void NoteSent(std::size_t segment, int from, int to, std::uint64_t bytes);
    /** Per pool: its name, selection, and per server the requests it was given and the bytes
     *  of features sent to it. */
    nlohmann::json Summary() const;

  private:
    struct Report
    {
        double backlogSeconds = 0.0;
        double at = 0.0;
    };

    /** The pool's choice for a request leaving `from`. */
    int Choose(int pool, const InFlightRequest& request, std::size_t segment, int from);
    ServerView View(int pool, int server, std::size_t segment, int from);
    /** Seconds the pool's consecutive segments from `segment` take `server` at nominal
     *  capacity. */
    double ServiceSeconds(int pool, int server, std::size_t segment) const;
    /** Takes every server's report for `pool` and schedules the next. */
    void TakeReports(int pool);

    const Scenario& m_scenario;
    const SegmentPlacement& m_placement;
    const CostModel& m_costs;
    std::vector<ComputeQueue>& m_compute;
    LinkChannels& m_channels;
    std::vector<std::unique_ptr<ServerSelectionPolicy>> m_policies; // per pool
    std::vector<std::map<int, Report>> m_reports;                   // per pool, by server
    std::map<std::tuple<int, int, int>, int> m_sentSinceReport;     // (pool, chooser, server)
    std::map<std::pair<int, int>, std::uint64_t> m_choicesMade;     // (pool, chooser)
    std::vector<std::map<int, std::uint64_t>> m_given;              // per pool, by server
    std::vector<std::map<int, std::uint64_t>> m_featureBytes;       // per pool, by server
};

} // namespace eesim

#endif
