// Dynamic batching in front of a node's processor: batches form from the oldest kind waiting, up
// to the largest batch, wait for companions at most max_wait, cost what the curve says, and
// count as waiting work; withdrawn items leave their batch.
#include "sim/compute/compute-queue.h"

#include <catch2/catch.hpp>
#include <ns3/simulator.h>
#include <vector>

using namespace eesim;

namespace
{

constexpr std::uint64_t kSecondAtOneGflops = 1'000'000'000;

/** A batch as its Done saw it: key, owners, start, service, when it ended. */
struct Ran
{
    std::size_t key;
    std::vector<std::uint64_t> owners;
    double start;
    double service;
    double end;
};

/** A 1 GFLOP/s queue that batches with `settings` and notes every batch that ran. */
struct BatchingNode
{
    explicit BatchingNode(const BatchingSettings& settings)
        : queue(1.0)
    {
        queue.EnableBatching(settings);
        queue.OnBatchDone(
            [this](std::size_t key, const std::vector<BatchFormer::Item>& items, double start,
                   double service)
            {
                Ran batch{ key, {}, start, service, ns3::Simulator::Now().GetSeconds() };
                for (const auto& item : items)
                {
                    batch.owners.push_back(item.owner);
                }
                ran.push_back(batch);
            });
    }
    void SubmitAt(double seconds, std::size_t key, std::uint64_t owner)
    {
        ns3::Simulator::Schedule(
            ns3::Seconds(seconds), [this, key, owner]
            { accepted.push_back(queue.SubmitToBatch(key, kSecondAtOneGflops, owner)); });
    }

    ComputeQueue queue;
    std::vector<Ran> ran;
    std::vector<bool> accepted;
};

BatchingSettings
Settings(int maxBatch, double maxWaitSeconds, BatchCostCurve cost = BatchCostCurve())
{
    BatchingSettings settings;
    settings.maxBatch = maxBatch;
    settings.maxWaitSeconds = maxWaitSeconds;
    settings.cost = cost;
    return settings;
}

} // namespace

TEST_CASE("batching: an idle processor takes what waits, the rest forms the next batch")
{
    // Half a sample's cost per extra sample: a batch of B costs (1 + B) / 2 seconds.
    BatchingNode node(Settings(4, 0.0, BatchCostCurve::Affine(0.5)));
    node.SubmitAt(0.0, 0, 1); // alone: the processor is free and nothing says wait
    for (std::uint64_t owner = 2; owner <= 6; ++owner)
    {
        node.SubmitAt(0.1, 0, owner); // five wait while the first runs
    }
    ns3::Simulator::Run();
    REQUIRE(node.ran.size() == 3);
    CHECK(node.ran[0].owners == std::vector<std::uint64_t>{ 1 });
    CHECK(node.ran[0].service == Approx(1.0));
    CHECK(node.ran[1].owners == std::vector<std::uint64_t>{ 2, 3, 4, 5 }); // the largest batch
    CHECK(node.ran[1].start == Approx(1.0));
    CHECK(node.ran[1].service == Approx(2.5)); // (1 + 4) / 2
    CHECK(node.ran[2].owners == std::vector<std::uint64_t>{ 6 });
    CHECK(node.ran[2].start == Approx(3.5));
    const BatchFormer& former = *node.queue.Former();
    CHECK(former.BatchSizes() == std::map<int, std::uint64_t>{ { 1, 2 }, { 4, 1 } });
    // Waited for their batch to go: 0; 0.9 x 4 (0.1 to 1.0); 3.4 (0.1 to 3.5).
    CHECK(former.MeanBatchingDelaySeconds() == Approx((0.9 * 4 + 3.4) / 6));
    ns3::Simulator::Destroy();
}

TEST_CASE(
    "batching: the oldest waits at most max_wait for companions, and goes when the batch fills")
{
    BatchingNode node(Settings(3, 0.5));
    node.SubmitAt(0.0, 0, 1);
    node.SubmitAt(0.2, 0, 2); // not full at 0.5: the two go then, for 2 s
    node.SubmitAt(5.0, 0, 3);
    node.SubmitAt(5.1, 0, 4);
    node.SubmitAt(5.2, 0, 5); // full at 5.2, before 5.5
    ns3::Simulator::Run();
    REQUIRE(node.ran.size() == 2);
    CHECK(node.ran[0].owners == std::vector<std::uint64_t>{ 1, 2 });
    CHECK(node.ran[0].start == Approx(0.5));
    CHECK(node.ran[1].owners == std::vector<std::uint64_t>{ 3, 4, 5 });
    CHECK(node.ran[1].start == Approx(5.2));
    CHECK(node.ran[1].service == Approx(3.0)); // no gain by default
    ns3::Simulator::Destroy();
}

TEST_CASE("batching: kinds batch apart, the oldest waiting kind first")
{
    BatchingNode node(Settings(4, 0.0));
    node.SubmitAt(0.0, 7, 1); // runs alone
    node.SubmitAt(0.1, 3, 2);
    node.SubmitAt(0.2, 7, 3);
    node.SubmitAt(0.3, 3, 4);
    ns3::Simulator::Run();
    REQUIRE(node.ran.size() == 3);
    CHECK(node.ran[1].key == 3); // item 2 waited longest
    CHECK(node.ran[1].owners == std::vector<std::uint64_t>{ 2, 4 });
    CHECK(node.ran[2].key == 7);
    CHECK(node.ran[2].owners == std::vector<std::uint64_t>{ 3 });
    ns3::Simulator::Destroy();
}

TEST_CASE("batching: waiting items count against the limit and the backlog, and can be withdrawn")
{
    BatchingNode node(Settings(4, 10.0, BatchCostCurve::Affine(0.5)));
    node.queue.SetLimit(3);
    for (std::uint64_t owner = 1; owner <= 4; ++owner)
    {
        node.SubmitAt(0.0, 0, owner); // three wait (for companions); the fourth is refused
    }
    double backlog = -1.0;
    std::size_t waiting = 0;
    std::size_t withdrawn = 0;
    ns3::Simulator::Schedule(ns3::Seconds(1.0),
                             [&]
                             {
                                 waiting = node.queue.Waiting();
                                 backlog = node.queue.BacklogSeconds();
                                 withdrawn = node.queue.Withdraw(2);
                             });
    ns3::Simulator::Run();
    CHECK(node.accepted == std::vector<bool>{ true, true, true, false });
    CHECK(node.queue.Refused() == 1);
    CHECK(waiting == 3);
    CHECK(backlog == Approx(2.0)); // one batch of 3: (1 + 3) / 2 s
    CHECK(withdrawn == 1);
    REQUIRE(node.ran.size() == 1);
    CHECK(node.ran[0].owners == std::vector<std::uint64_t>{ 1, 3 });
    CHECK(node.ran[0].start == Approx(10.0)); // the oldest's wait ran out
    CHECK(node.ran[0].service == Approx(1.5));
    ns3::Simulator::Destroy();
}
