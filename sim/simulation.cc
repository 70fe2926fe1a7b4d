#include "sim/simulation.h"

#include "base/build-identity.h"
#include "base/error.h"
#include "base/seed-streams.h"
#include "channel/radio-energy.h"
#include "nn/model-file.h"
#include "sim/apps/request-source-helper.h"
#include "sim/apps/stage-worker-helper.h"
#include "sim/record/recorder.h"
#include "sim/run/cost-model.h"
#include "sim/run/link-estimator.h"
#include "sim/run/ns3-abort-trap.h"
#include "sim/run/request-ledger.h"
#include "sim/run/run-policies.h"
#include "sim/run/segment-placement.h"
#include "sim/run/server-router.h"
#include "sim/topology/topology-builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ns3/boolean.h>
#include <ns3/config.h>
#include <ns3/double.h>
#include <ns3/flow-monitor-helper.h>
#include <ns3/nstime.h>
#include <ns3/rng-seed-manager.h>
#include <ns3/simulator.h>
#include <ns3/string.h>
#include <ns3/tcp-socket.h>
#include <ns3/uinteger.h>

namespace eesim
{

namespace
{

void
ConfigureNs3(const Scenario& scenario)
{
    // Defaults set by an earlier run in this process must not leak into this one.
    ns3::Config::Reset();
    ns3::RngSeedManager::SetSeed(scenario.seed + 1); // ns-3 seeds must be positive
    ns3::RngSeedManager::SetRun(1);
    // Full-size TCP segments (the default is 536 bytes) so features cross in few frames.
    ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(1448));
    // ns-3 3.37 gives up waiting for a Block Ack agreement's ADDBA response after 1 ms and sends
    // the first frame without it; a response that arrives later (a busy cell delays it by up to
    // ~17 ms) is still accepted, starting one sequence number past that frame, while the
    // receiver's window starts at the frame itself: it holds every later frame of the station
    // for good, and the station's requests never get through (fixed in ns-3.38 and 3.43).
    // Waiting 50 ms lets the response arrive first; it changes nothing where it comes in time.
    ns3::Config::SetDefault("ns3::QosTxop::AddBaResponseTimeout",
                            ns3::TimeValue(ns3::MilliSeconds(50)));
}

/** The caller's stop request, checked by events of its own. */
struct StopPoll
{
    const RunHooks* hooks = nullptr;
    bool stopped = false;
    double intervalSeconds = 0.0; // simulated time to the next check
    std::chrono::steady_clock::time_point last;
};

/**
 * Stops the simulator when the caller asks to. The checks follow the wall clock, not simulated
 * time: every 10 ms of simulated time while that takes 10 ms or more to compute, twice as far
 * apart after each check that came sooner (at most 10 s of simulated time apart), so a stretch
 * of idle simulated time costs a few checks instead of a hundred per simulated second.
 */
void
PollForStop(StopPoll* poll)
{
    if (poll->hooks->stopRequested && poll->hooks->stopRequested())
    {
        poll->stopped = true;
        ns3::Simulator::Stop();
        return;
    }
    constexpr double kBusyInterval = 0.01;
    constexpr double kLongestInterval = 10.0;
    const auto now = std::chrono::steady_clock::now();
    const bool quick = now - poll->last < std::chrono::milliseconds(10);
    poll->intervalSeconds
        = quick ? std::clamp(2 * poll->intervalSeconds, kBusyInterval, kLongestInterval)
                : kBusyInterval;
    poll->last = now;
    ns3::Simulator::Schedule(ns3::Seconds(poll->intervalSeconds), &PollForStop, poll);
}

/** The scenario's images, checked against what the model takes (validate checked the shape
 *  from the headers already when it could read them; the labels need the whole data set). */
Dataset
LoadData(const Scenario& scenario, const MultiExitModel& model)
{
    Dataset data = Dataset::Load(scenario.dataset, scenario.split);
    const std::string problem = data.MismatchWith(scenario.dataset.format, model.InputShape(),
                                                  model.Classes(), scenario.modelPath);
    if (!problem.empty())
    {
        throw Error(scenario.file + ": /dataset: " + scenario.dataset.dir + ": " + problem);
    }
    return data;
}

/** Every node's processor, by node index; none integrates its capacity past the run's time
 *  limit (a task that would end later never completes in this run). */
std::vector<ComputeQueue>
MakeComputeQueues(const Scenario& scenario)
{
    std::vector<ComputeQueue> compute;
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        // Each node's fluctuation has its own stream of the scenario seed.
        const std::uint64_t seed = StreamSeed(SeedStream::kCapacity, scenario.seed, i);
        compute.emplace_back(scenario.nodes[i].capacityGflops,
                             scenario.nodes[i].makeCapacity(seed));
        compute.back().SetLimit(std::size_t(scenario.nodes[i].queueLimit));
        compute.back().SetHorizon(scenario.TimeLimitSeconds());
    }
    // After the vector holds them all: a batch former keeps its queue's address.
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        if (scenario.nodes[i].batching.maxBatch > 1)
        {
            compute[i].EnableBatching(scenario.nodes[i].batching);
        }
    }
    return compute;
}

RequestLedger::Settings
LedgerSettings(const Scenario& scenario, std::size_t segments)
{
    RequestLedger::Settings settings;
    settings.segments = segments;
    settings.answerTimeoutSeconds = scenario.answerTimeoutSeconds;
    settings.deadlineSeconds = scenario.deadlineSeconds;
    settings.abandonAtDeadline = scenario.abandonAfterDeadline;
    return settings;
}

/** Installs the radio energy meter on the devices (not the servers). */
void
InstallRadioEnergy(RadioEnergy& energy, const Scenario& scenario, const Topology& topology)
{
    std::vector<bool> isDevice;
    for (const NodeConfig& node : scenario.nodes)
    {
        isDevice.push_back(!node.isServer);
    }
    energy.Install(topology.nodes, topology.devices, isDevice);
}

/** A stage worker on every node and a request source on every requesting device, configured
 *  from the scenario; workers and sources are added node by node, each worker first. */
void
InstallApplications(const Scenario& scenario, StageWorkerHelper& workers,
                    RequestSourceHelper& sources, std::vector<ComputeQueue>& compute,
                    const ns3::NodeContainer& nodes)
{
    workers.SetAttribute("Protocol", ns3::StringValue(scenario.protocol));
    workers.SetAttribute("UdpFragmentBytes", ns3::UintegerValue(scenario.udpFragmentBytes));
    workers.SetAttribute("Encoding", ns3::StringValue(FeatureEncodingName(scenario.encoding)));
    workers.SetAttribute("DeadlineSeconds", ns3::DoubleValue(scenario.deadlineSeconds));
    sources.SetAttribute("RequestCount", ns3::UintegerValue(scenario.requestCount));
    sources.SetAttribute("Arrivals",
                         ns3::StringValue(scenario.poissonArrivals ? "poisson" : "periodic"));
    sources.SetAttribute("RatePerSecond", ns3::DoubleValue(scenario.ratePerSecond));
    sources.SetAttribute("StartSeconds", ns3::DoubleValue(scenario.startSeconds));
    sources.SetAttribute("DurationSeconds", ns3::DoubleValue(scenario.durationSeconds));
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        const NodeConfig& node = scenario.nodes[i];
        workers.SetAttribute("IsDevice", ns3::BooleanValue(!node.isServer));
        workers.SetAttribute("BusyPower", ns3::DoubleValue(node.busyWatts));
        const auto worker = workers.Install(nodes.Get(uint32_t(i)), int(i), compute[i]);
        if (!node.isServer && node.issuesRequests)
        {
            // Each device's arrivals and images come from its own stream of the scenario seed.
            sources.SetAttribute(
                "Seed", ns3::UintegerValue(StreamSeed(SeedStream::kRequests, scenario.seed, i)));
            sources.Install(worker, int(i));
        }
    }
}

/** A batching node's batch sizes (how many batches of each size ran) and the mean time a
 *  request waited for its batch to go to the processor. */
nlohmann::json
BatchingSummary(const BatchFormer& former)
{
    nlohmann::json sizes = nlohmann::json::object();
    std::uint64_t batches = 0;
    std::uint64_t requests = 0;
    for (const auto& [size, count] : former.BatchSizes())
    {
        sizes[std::to_string(size)] = count;
        batches += count;
        requests += std::uint64_t(size) * count;
    }
    return { { "batches", batches },
             { "mean_batch_size", batches > 0 ? double(requests) / double(batches) : 0.0 },
             { "batch_sizes", sizes },
             { "mean_batching_delay_ms", former.MeanBatchingDelaySeconds() * 1000.0 } };
}

nlohmann::json
NodeSummary(const Scenario& scenario, const std::vector<ComputeQueue>& compute, double duration,
            double total)
{
    nlohmann::json nodes = nlohmann::json::array();
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        const NodeConfig& node = scenario.nodes[i];
        const ComputeQueue& queue = compute[i];
        const double busy = queue.BusySeconds();
        // Energy over the whole simulated time: busy power while computing, idle otherwise.
        const double energy = busy * node.busyWatts + (total - busy) * node.idleWatts;
        nodes.push_back({ { "name", node.name },
                          { "profile", node.profile },
                          { "busy_s", busy },
                          { "utilization", duration > 0 ? busy / duration : 0.0 },
                          { "energy_j", energy },
                          { "peak_waiting", queue.PeakWaiting() },
                          { "refused", queue.Refused() } });
        if (const BatchFormer* former = queue.Former())
        {
            nodes.back()["batching"] = BatchingSummary(*former);
        }
    }
    return nodes;
}

/** What the run itself knows for summary.json; the recorder adds the requests' totals. */
nlohmann::json
RunSummary(const Scenario& scenario, const RequestLedger& ledger,
           const std::vector<ComputeQueue>& compute, const RadioEnergy& radioEnergy, bool stopped)
{
    const double end = ns3::Simulator::Now().GetSeconds();
    nlohmann::json summary;
    summary["scenario"] = scenario.name;
    summary["status"] = stopped ? "interrupted" : "complete";
    summary["requests"] = { { "issued", ledger.Issued() },
                            { "expected", ledger.Expected() },
                            { "unfinished", ledger.InFlightCount() } };
    summary["simulated_s"] = end;
    summary["nodes"] = NodeSummary(scenario, compute, end - scenario.startSeconds, end);
    summary["energy"] = { { "device_wifi_radio_j", radioEnergy.TotalJoules() } };
    summary["provenance"] = { { "scenario_hash", scenario.hash },
                              { "model_checksum", ModelFile::Checksum(scenario.modelPath) },
                              { "seed", scenario.seed },
                              { "eesim_version", EESIM_VERSION },
                              { "eesim_build", BuildIdentity() } };
    return summary;
}

/** The ns-3 network; a setting ns-3 throws on while building it is the scenario's problem. */
Topology
BuildTopology(const Scenario& scenario, const std::string& outputFolder)
{
    try
    {
        return TopologyBuilder::Build(scenario, outputFolder);
    }
    catch (const Error&)
    {
        throw;
    }
    catch (const std::exception& e)
    {
        throw Error(scenario.file + ": ns-3 refused the network's setup: " + e.what());
    }
}

/** Runs the simulator until the last request ends, the time limit, or the caller's stop;
 *  true when the caller stopped it. */
bool
RunUntilDone(const Scenario& scenario, const RunHooks& hooks)
{
    ns3::Simulator::Stop(ns3::Seconds(scenario.TimeLimitSeconds()));
    StopPoll poll;
    poll.hooks = &hooks;
    poll.last = std::chrono::steady_clock::now();
    PollForStop(&poll);
    ns3::Simulator::Run();
    return poll.stopped;
}

} // namespace

nlohmann::json
RunSimulation(const Scenario& scenario, const std::string& outputFolder, const RunHooks& hooks)
{
    MultiExitModel model = ModelFile::Load(scenario.modelPath);
    const Dataset data = LoadData(scenario, model);
    ConfigureNs3(scenario);
    Recorder recorder(outputFolder, int(model.SegmentCount()), scenario.deadlineSeconds);
    RunPolicies policies(scenario);
    std::vector<ComputeQueue> compute = MakeComputeQueues(scenario);
    RequestLedger ledger(recorder, compute, LedgerSettings(scenario, model.SegmentCount()),
                         hooks.progress);
    const CostModel costs(scenario, model);
    recorder.SetFullFlops(costs.FullExecutionFlops());
    const SegmentPlacement placement(scenario.placement);

    const Ns3AbortTrap trap(scenario.file, hooks.beforeAbort);
    Topology topology = BuildTopology(scenario, outputFolder);
    LinkEstimator estimator(model, costs, compute, *topology.channels, scenario.encoding);
    RadioEnergy radioEnergy;
    InstallRadioEnergy(radioEnergy, scenario, topology);
    StageWorker::Parts parts;
    parts.requests = &ledger;
    parts.model = &model;
    parts.policies = &policies;
    parts.channels = topology.channels.get();
    parts.costs = &costs;
    parts.estimator = &estimator;
    ServerRouter router(scenario, placement, costs, compute, *topology.channels);
    router.Start();
    parts.router = &router;
    parts.addresses = topology.addresses;
    StageWorkerHelper workers(parts);
    RequestSourceHelper sources(ledger, data, model.Preprocessing(), placement);
    InstallApplications(scenario, workers, sources, compute, topology.nodes);
    ns3::FlowMonitorHelper flowHelper;
    if (scenario.flowMonitor)
    {
        flowHelper.InstallAll();
    }
    const bool stopped = RunUntilDone(scenario, hooks);

    if (scenario.flowMonitor)
    {
        const std::string path = outputFolder + "/flowmon.xml";
        flowHelper.SerializeToXmlFile(path + ".tmp", true, true);
        std::rename((path + ".tmp").c_str(), path.c_str());
    }
    nlohmann::json summary = RunSummary(scenario, ledger, compute, radioEnergy, stopped);
    if (!scenario.pools.empty())
    {
        summary["pools"] = router.Summary();
    }
    ns3::Simulator::Destroy();
    return recorder.Finish(summary);
}

} // namespace eesim
