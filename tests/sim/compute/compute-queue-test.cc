// The FIFO compute queue in simulated time, its horizon, and forgetting capacity pieces.
#include "sim/compute/compute-queue.h"
#include "sim/compute/markov-capacity.h"

#include <catch2/catch.hpp>
#include <limits>
#include <ns3/simulator.h>
#include <vector>

using namespace eesim;

TEST_CASE("tasks are served in order at FLOPs / capacity, waiting for the ones before")
{
    ComputeQueue queue(2.0); // 2 GFLOP/s
    std::vector<std::vector<double>> done;
    auto record = [&](double wait, double service) {
        done.push_back({ ns3::Simulator::Now().GetSeconds(), wait, service });
    };
    ns3::Simulator::Schedule(ns3::Seconds(0),
                             [&]
                             {
                                 queue.Submit(2'000'000'000, record); // 1 s
                                 queue.Submit(1'000'000'000, record); // 0.5 s, after the first
                             });
    ns3::Simulator::Schedule(ns3::Seconds(5), [&] { queue.Submit(500'000'000, record); });
    ns3::Simulator::Run();
    REQUIRE(done.size() == 3);
    CHECK(done[0] == std::vector<double>{ 1.0, 0.0, 1.0 });
    CHECK(done[1] == std::vector<double>{ 1.5, 1.0, 0.5 });
    CHECK(done[2][0] == Approx(5.25));
    CHECK(done[2][1] == 0.0); // the queue was idle again
    CHECK(queue.BusySeconds() == Approx(1.75));
    ns3::Simulator::Destroy();
}

TEST_CASE("a capped queue refuses a task when the limit of tasks is waiting")
{
    ComputeQueue queue(1.0); // 1 GFLOP/s
    queue.SetLimit(2);
    std::vector<bool> accepted;
    int done = 0;
    auto count = [&](double, double) { ++done; };
    ns3::Simulator::Schedule(ns3::Seconds(0),
                             [&]
                             {
                                 for (int i = 0; i < 4; ++i) // one in service, two waiting
                                 {
                                     accepted.push_back(queue.Submit(1'000'000'000, count));
                                 }
                             });
    // At 1.5 s the first is done and the second in service: one waits, there is room again.
    ns3::Simulator::Schedule(ns3::Seconds(1.5),
                             [&] { accepted.push_back(queue.Submit(1'000'000'000, count)); });
    ns3::Simulator::Run();
    CHECK(accepted == std::vector<bool>{ true, true, true, false, true });
    CHECK(done == 4);
    CHECK(queue.Refused() == 1);
    CHECK(queue.PeakWaiting() == 2);
    ns3::Simulator::Destroy();
}

TEST_CASE("withdrawn tasks never complete, and the tasks behind them move up")
{
    ComputeQueue queue(1.0);
    std::vector<std::vector<double>> done; // owner, completion time, wait
    auto record = [&](int owner)
    {
        return [&, owner](double wait, double) {
            done.push_back({ double(owner), ns3::Simulator::Now().GetSeconds(), wait });
        };
    };
    ns3::Simulator::Schedule(ns3::Seconds(0),
                             [&]
                             {
                                 queue.Submit(1'000'000'000, record(1), 1); // 0 - 1 s
                                 queue.Submit(1'000'000'000, record(2), 2); // 1 - 2 s
                                 queue.Submit(1'000'000'000, record(3), 3); // 2 - 3 s
                             });
    // Owner 1's task has started: it runs on. Owner 2's has not: it goes, and 3 moves up.
    ns3::Simulator::Schedule(ns3::Seconds(0.5),
                             [&]
                             {
                                 CHECK(queue.Withdraw(1) == 0);
                                 CHECK(queue.Withdraw(2) == 1);
                                 CHECK(queue.Waiting() == 1);
                             });
    ns3::Simulator::Run();
    REQUIRE(done.size() == 2);
    CHECK(done[0] == std::vector<double>{ 1, 1.0, 0.0 });
    CHECK(done[1][0] == 3);
    CHECK(done[1][1] == Approx(2.0));
    CHECK(done[1][2] == Approx(1.0));
    CHECK(queue.BusySeconds() == Approx(2.0));
    ns3::Simulator::Destroy();
}

namespace
{

/** A factor of 1 in pieces of 1 ms, counting the pieces it is asked for. */
class CountingCapacity : public CapacityProcess
{
  public:
    explicit CountingCapacity(int* pieces)
        : m_pieces(pieces)
    {
    }

  protected:
    Piece NextPiece(const Piece* last) override
    {
        ++*m_pieces;
        return { last == nullptr ? 0.0 : last->start + 0.001, 1.0 };
    }

  private:
    int* m_pieces;
};

} // namespace

TEST_CASE("a task that would end after the horizon never completes, and no capacity is made "
          "past it")
{
    int pieces = 0;
    ComputeQueue queue(1.0, std::make_unique<CountingCapacity>(&pieces)); // 1 GFLOP/s
    queue.SetHorizon(10);
    int done = 0;
    auto count = [&](double, double) { ++done; };
    ns3::Simulator::Schedule(ns3::Seconds(0),
                             [&]
                             {
                                 queue.Submit(2'000'000'000, count);         // ends at 2 s
                                 queue.Submit(1'000'000'000'000'000, count); // 1e6 s: never
                                 queue.Submit(1'000'000'000, count);         // behind it: never
                             });
    ns3::Simulator::Run();
    CHECK(done == 1);
    CHECK(ns3::Simulator::Now().GetSeconds() == Approx(2.0));
    // 10 s of pieces of 1 ms at most, not the 1e9 the big task would span.
    CHECK(pieces <= 10002);
    CHECK(queue.FinishTime(0, 1'000'000'000'000'000) == std::numeric_limits<double>::infinity());
    CHECK(queue.BusySeconds() == Approx(2.0)); // the work committed past now is not done yet
    CHECK(queue.BacklogSeconds() == Approx(8.0)); // busy until the horizon
    ns3::Simulator::Destroy();
}

TEST_CASE("a capacity process that forgets up to t gives the same factors after t")
{
    MarkovCapacity skipped({ 1.0, 0.5, 0.25 }, { 0.001, 0.002, 0.003 }, 7);
    MarkovCapacity walked({ 1.0, 0.5, 0.25 }, { 0.001, 0.002, 0.003 }, 7);
    for (double t = 0; t < 50; t += 0.5)
    {
        walked.FactorAt(t);
        walked.Forget(t);
    }
    skipped.Forget(50); // some 25,000 pieces drawn, one kept
    for (double t = 50; t < 51; t += 0.0001)
    {
        REQUIRE(skipped.FactorAt(t) == walked.FactorAt(t));
        REQUIRE(skipped.NextChangeAfter(t) == walked.NextChangeAfter(t));
    }
}
