#include "sim/simulation.h"

#include "base/error.h"
#include "base/seed-streams.h"
#include "channel/radio-energy.h"
#include "nn/model-file.h"
#include "sim/apps/request-source.h"
#include "sim/apps/stage-worker.h"
#include "sim/record/recorder.h"
#include "sim/run-state.h"
#include "sim/topology/topology-builder.h"

#include <algorithm>
#include <cstdio>
#include <ns3/config.h>
#include <ns3/flow-monitor-helper.h>
#include <ns3/rng-seed-manager.h>
#include <ns3/simulator.h>
#include <ns3/tcp-socket.h>
#include <ns3/uinteger.h>

namespace eesim
{

namespace
{

/** When to give up on requests still in flight if the scenario sets no limit: ten times the
 *  nominal issuing period after the last arrival, plus a minute. */
double
DefaultStopSeconds(const Scenario& scenario)
{
    double issuing = double(scenario.requestCount) / scenario.ratePerSecond;
    if (scenario.durationSeconds > 0)
    {
        issuing = std::min(issuing, scenario.durationSeconds);
    }
    return scenario.startSeconds + 10 * issuing + 60;
}

void
ConfigureNs3(const Scenario& scenario)
{
    // Defaults set by an earlier run in this process must not leak into this one.
    ns3::Config::Reset();
    ns3::RngSeedManager::SetSeed(scenario.seed + 1); // ns-3 seeds must be positive
    ns3::RngSeedManager::SetRun(1);
    // Full-size TCP segments (the default is 536 bytes) so features cross in few frames.
    ns3::Config::SetDefault("ns3::TcpSocket::SegmentSize", ns3::UintegerValue(1448));
}

/** Stops the simulator when the caller asks to; checks now and every 10 ms of simulated time. */
void
PollForStop(const RunHooks* hooks, bool* stopped)
{
    if (hooks->stopRequested && hooks->stopRequested())
    {
        *stopped = true;
        ns3::Simulator::Stop();
        return;
    }
    ns3::Simulator::Schedule(ns3::MilliSeconds(10), &PollForStop, hooks, stopped);
}

nlohmann::json
NodeSummary(const Scenario& scenario, RunState& state, double duration, double total)
{
    nlohmann::json nodes = nlohmann::json::array();
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        const NodeConfig& node = scenario.nodes[i];
        const ComputeQueue& queue = state.Compute(int(i));
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
    }
    return nodes;
}

} // namespace

nlohmann::json
RunSimulation(const Scenario& scenario, const std::string& outputFolder, const RunHooks& hooks)
{
    MultiExitModel model = ModelFile::Load(scenario.modelPath);
    const Dataset data = Dataset::Load(scenario.datasetDirectory, scenario.split);
    if (data.Shape() != model.InputShape())
    {
        throw Error(scenario.datasetDirectory + ": images are " + data.Shape().ToString()
                    + " but the model expects " + model.InputShape().ToString());
    }
    ConfigureNs3(scenario);
    // Full execution: every segment and every exit head (and every bottleneck a link crosses),
    // as a request the exit policy never lets leave early would cost.
    Recorder recorder(outputFolder, int(model.SegmentCount()), scenario.deadlineSeconds);
    RunState state(scenario, model, data, recorder, hooks.progress);
    // With per-node latencies the charge depends on the node; "source" segments are costed on
    // the first requesting device.
    int firstSource = 0;
    while (scenario.nodes[std::size_t(firstSource)].isServer
           || !scenario.nodes[std::size_t(firstSource)].issuesRequests)
    {
        ++firstSource;
    }
    std::uint64_t fullFlops = 0;
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        const int node = scenario.placement[k] < 0 ? firstSource : scenario.placement[k];
        fullFlops += state.StageFlops(k, node);
        if (k > 0 && scenario.placement[k] != scenario.placement[k - 1])
        {
            fullFlops += state.ScaledFlops(model.EncoderFlops(k - 1) + model.DecoderFlops(k - 1));
        }
    }
    recorder.SetFullFlops(fullFlops);

    Topology topology = TopologyBuilder::Build(scenario, outputFolder);
    state.SetChannels(topology.channels.get());
    RadioEnergy radioEnergy;
    std::vector<bool> isDevice;
    for (const NodeConfig& node : scenario.nodes)
    {
        isDevice.push_back(!node.isServer);
    }
    radioEnergy.Install(topology.nodes, topology.devices, isDevice);
    std::vector<ns3::Ptr<StageWorker>> workers;
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        state.SetAddress(int(i), topology.addresses[i]);
        auto worker = ns3::CreateObject<StageWorker>();
        worker->Setup(&state, int(i));
        topology.nodes.Get(uint32_t(i))->AddApplication(worker);
        workers.push_back(worker);
        if (!scenario.nodes[i].isServer && scenario.nodes[i].issuesRequests)
        {
            auto source = ns3::CreateObject<RequestSource>();
            // Each device's arrivals and images come from its own stream of the scenario seed.
            source->Setup(&state, int(i), worker,
                          StreamSeed(SeedStream::kRequests, scenario.seed, i));
            topology.nodes.Get(uint32_t(i))->AddApplication(source);
        }
    }
    ns3::FlowMonitorHelper flowHelper;
    if (scenario.flowMonitor)
    {
        flowHelper.InstallAll();
    }
    const double stop
        = scenario.stopTimeSeconds > 0 ? scenario.stopTimeSeconds : DefaultStopSeconds(scenario);
    ns3::Simulator::Stop(ns3::Seconds(stop));
    bool stopped = false;
    PollForStop(&hooks, &stopped);
    ns3::Simulator::Run();
    const double end = ns3::Simulator::Now().GetSeconds();

    if (scenario.flowMonitor)
    {
        const std::string path = outputFolder + "/flowmon.xml";
        flowHelper.SerializeToXmlFile(path + ".tmp", true, true);
        std::rename((path + ".tmp").c_str(), path.c_str());
    }
    nlohmann::json summary;
    summary["scenario"] = scenario.name;
    summary["status"] = stopped ? "interrupted" : "complete";
    summary["requests"] = { { "issued", state.Issued() },
                            { "expected", state.Expected() },
                            { "unfinished", state.InFlight() } };
    summary["simulated_s"] = end;
    summary["nodes"] = NodeSummary(scenario, state, end - scenario.startSeconds, end);
    summary["energy"] = { { "device_wifi_radio_j", radioEnergy.TotalJoules() } };
    summary["provenance"] = { { "scenario_hash", scenario.hash },
                              { "model_checksum", ModelFile::Checksum(scenario.modelPath) },
                              { "seed", scenario.seed },
                              { "eesim_version", EESIM_VERSION } };
    ns3::Simulator::Destroy();
    return recorder.Finish(summary);
}

} // namespace eesim
