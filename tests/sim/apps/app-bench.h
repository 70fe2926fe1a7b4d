#ifndef EESIM_TESTS_SIM_APPS_APP_BENCH_H
#define EESIM_TESTS_SIM_APPS_APP_BENCH_H

// The applications with the real parts of a run -- the shipped model, Fashion-MNIST, the
// policies, compute queues, the request ledger streaming into a recorder -- on a device (node 0,
// 1 GFLOP/s) and a server (node 1, 10 GFLOP/s) joined by a point-to-point link. Nothing is
// installed until a test asks; the test drives requests and reads back the rows.
#include "nn/loss.h"
#include "nn/model-file.h"
#include "sim/apps/request-source-helper.h"
#include "sim/apps/stage-worker-helper.h"
#include "sim/record/recorder.h"
#include "sim/run/cost-model.h"
#include "sim/run/link-estimator.h"
#include "sim/run/request-ledger.h"
#include "sim/run/run-policies.h"
#include "sim/run/segment-placement.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"
#include "tests/sim/simulation-support.h"
#include "tests/sim/two-node-network.h"
#include "tests/test-support.h"

#include <fstream>
#include <ns3/simulator.h>

namespace eesim::test
{

/** The bench's scenario, with `overrides` merged in (for policies and the like). */
inline Scenario
AppBenchScenario(const TempDir& dir, const nlohmann::json& overrides)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "app-bench",
      "requests": {"count": 1},
      "nodes": [
        {"name": "device", "role": "device", "position_m": [10, 0, 0], "capacity_gflops": 1},
        {"name": "server", "role": "server", "capacity_gflops": 10}
      ],
      "placement": ["source", "server"]
    })");
    doc["model"] = ShippedModel();
    doc.merge_patch(overrides);
    std::ofstream(dir.File("scenario.json")) << doc.dump();
    return LoadScenario(dir.File("scenario.json"), {});
}

struct AppBench
{
    TempDir dir;
    Scenario scenario;
    TwoNodeNetwork network;
    MultiExitModel model;
    Dataset data;
    Recorder recorder;
    RunPolicies policies;
    std::vector<ComputeQueue> compute;
    RequestLedger ledger;
    CostModel costs;
    SegmentPlacement placement;
    LinkChannels channels;
    LinkEstimator estimator;
    ServerRouter router;

    explicit AppBench(const nlohmann::json& overrides = nlohmann::json::object())
        : scenario(AppBenchScenario(dir, overrides))
        , model(ModelFile::Load(scenario.modelPath))
        , data(Dataset::Load(FashionMnistDir(), Split::kTest))
        , recorder(dir.Path(), int(model.SegmentCount()), scenario.deadlineSeconds)
        , policies(scenario)
        , compute(Queues(scenario))
        , ledger(recorder, compute, Settings(scenario, model))
        , costs(scenario, model)
        , placement(scenario.placement)
        , channels(scenario, network.nodes)
        , estimator(model, costs, compute, channels, scenario.encoding)
        , router(scenario, placement, costs, compute, channels)
    {
    }
    // The applications hold pointers to the parts: dispose of them first.
    ~AppBench() { ns3::Simulator::Destroy(); }

    static std::vector<ComputeQueue> Queues(const Scenario& scenario)
    {
        std::vector<ComputeQueue> queues;
        for (const NodeConfig& node : scenario.nodes)
        {
            queues.emplace_back(node.capacityGflops);
            queues.back().SetLimit(std::size_t(node.queueLimit));
        }
        return queues;
    }
    static RequestLedger::Settings Settings(const Scenario& scenario, const MultiExitModel& model)
    {
        RequestLedger::Settings settings;
        settings.segments = model.SegmentCount();
        settings.answerTimeoutSeconds = scenario.answerTimeoutSeconds;
        return settings;
    }

    /** A helper for workers on this bench's nodes. */
    StageWorkerHelper Workers()
    {
        StageWorker::Parts parts;
        parts.requests = &ledger;
        parts.model = &model;
        parts.policies = &policies;
        parts.channels = &channels;
        parts.costs = &costs;
        parts.estimator = &estimator;
        parts.router = &router;
        parts.addresses = network.addresses;
        return StageWorkerHelper(parts);
    }
    /** A worker on node `node`, configured by `helper`. */
    ns3::Ptr<StageWorker> InstallWorker(StageWorkerHelper& helper, int node)
    {
        return helper.Install(network.nodes.Get(uint32_t(node)), node, compute[std::size_t(node)]);
    }

    /** Issues request for test image `sample` from the device at `seconds`, into `worker`. */
    void IssueAt(double seconds, int sample, ns3::Ptr<StageWorker> worker)
    {
        ns3::Simulator::Schedule(
            ns3::Seconds(seconds),
            [this, sample, worker]
            {
                const double now = ns3::Simulator::Now().GetSeconds();
                const auto id = ledger.Begin(0, sample, data.Label(sample), now).row.id;
                worker->Accept(id, 0, data.Images(sample, 1, model.Preprocessing()));
            });
    }
    void Run(double seconds)
    {
        ns3::Simulator::Stop(ns3::Seconds(seconds));
        ns3::Simulator::Run();
    }
    /** Finishes the recorder and reads back its rows. */
    std::vector<std::map<std::string, std::string>> Rows()
    {
        nlohmann::json summary;
        summary["requests"]
            = { { "issued", ledger.Issued() }, { "unfinished", ledger.InFlightCount() } };
        recorder.Finish(summary);
        return ReadRows(dir.File("requests.csv"));
    }
    /** Exit `exit`'s prediction for test image `sample`, computed offline. */
    int OfflinePrediction(int sample, int exit)
    {
        const auto logits
            = model.ForwardAll(data.Images(sample, 1, model.Preprocessing()), Mode::kInference);
        return ArgMax(logits[std::size_t(exit)], 0);
    }
};

} // namespace eesim::test

#endif
