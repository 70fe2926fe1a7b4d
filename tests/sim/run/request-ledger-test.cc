// The request ledger in simulated time, streaming into a real recorder: every request ends
// once -- completed, dropped with a reason, answered by its fallback when the answer is late --
// and the run stops after the last one.
#include "sim/run/request-ledger.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <ns3/simulator.h>

using namespace eesim;

namespace
{

double
Now()
{
    return ns3::Simulator::Now().GetSeconds();
}

/** A ledger over two nodes' queues (1 GFLOP/s each) and a recorder in a temporary folder. */
struct Bench
{
    test::TempDir dir;
    Recorder recorder{ dir.Path(), 2, 0.0 };
    std::vector<ComputeQueue> compute;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
    RequestLedger ledger;

    explicit Bench(const RequestLedger::Settings& settings)
        : compute(MakeQueues())
        , ledger(recorder, compute, settings,
                 [this](std::uint64_t ended, std::uint64_t expected)
                 { progress.emplace_back(ended, expected); })
    {
    }
    ~Bench() { ns3::Simulator::Destroy(); }

    static std::vector<ComputeQueue> MakeQueues()
    {
        std::vector<ComputeQueue> queues;
        queues.emplace_back(1.0);
        queues.emplace_back(1.0);
        return queues;
    }
    /** Runs `what` at `seconds` of simulated time. */
    void At(double seconds, std::function<void()> what)
    {
        ns3::Simulator::Schedule(ns3::Seconds(seconds), std::move(what));
    }
    void Run(double until = 100)
    {
        ns3::Simulator::Stop(ns3::Seconds(until));
        ns3::Simulator::Run();
    }
    /** Finishes the recorder and reads back the rows it streamed. */
    std::vector<std::map<std::string, std::string>> Rows()
    {
        nlohmann::json summary;
        summary["requests"]
            = { { "issued", ledger.Issued() }, { "unfinished", ledger.InFlightCount() } };
        recorder.Finish(summary);
        return test::ReadRows(dir.File("requests.csv"));
    }
};

RequestLedger::Settings
Segments2()
{
    RequestLedger::Settings settings;
    settings.segments = 2;
    return settings;
}

RequestLedger::Settings
WithTimeout(double seconds)
{
    RequestLedger::Settings settings = Segments2();
    settings.answerTimeoutSeconds = seconds;
    return settings;
}

} // namespace

TEST_CASE("ledger: a completed request streams its row with the answer and leaves the ledger")
{
    Bench bench(Segments2());
    bench.ledger.AddSource(1);
    bench.At(1.0,
             [&]
             {
                 InFlightRequest& request = bench.ledger.Begin(0, 42, 7, Now());
                 CHECK(request.row.id == 0);
                 CHECK(request.row.queueSeconds.size() == 2);
                 CHECK(bench.ledger.InFlight(0));
             });
    bench.At(1.5, [&] { bench.ledger.Complete(0, { 1, 1, 7 }, Now()); });
    bench.Run();
    CHECK_FALSE(bench.ledger.InFlight(0));
    CHECK(bench.ledger.Completed() == 1);
    CHECK(bench.ledger.Dropped() == 0);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("sample") == "42");
    CHECK(rows[0].at("label") == "7");
    CHECK(rows[0].at("exit") == "1");
    CHECK(rows[0].at("exit_node") == "1");
    CHECK(rows[0].at("prediction") == "7");
    CHECK(rows[0].at("latency_s") == "0.5");
    CHECK(rows[0].at("outcome") == "completed");
}

TEST_CASE("ledger: a dropped request withdraws its task still queued and records the reason")
{
    Bench bench(Segments2());
    bench.ledger.AddSource(1);
    int done = 0;
    bench.At(1.0,
             [&]
             {
                 bench.ledger.Begin(0, 1, 2, Now());
                 // Another owner's task is in service; request 0's waits behind it.
                 bench.compute[1].Submit(1'000'000'000, [&](double, double) { ++done; });
                 bench.compute[1].Submit(
                     1'000'000'000, [&](double, double) { ++done; }, 0);
                 bench.ledger.Get(0).queuedOn = 1;
             });
    bench.At(1.5,
             [&]
             {
                 CHECK(bench.compute[1].Waiting() == 1);
                 bench.ledger.Drop(0, DropReason::kQueueFull, Now());
                 CHECK(bench.compute[1].Waiting() == 0);
             });
    bench.Run();
    CHECK(done == 1); // only the other owner's task ran
    CHECK(bench.ledger.Dropped() == 1);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("outcome") == "dropped:queue_full");
    CHECK(rows[0].at("done_s") == "1.5");
}

TEST_CASE("ledger: a lost request without an armed timeout is dropped at once")
{
    Bench bench(WithTimeout(0.2));
    bench.ledger.AddSource(1);
    bench.At(1.0,
             [&]
             {
                 // Features sent, but no early answer exists to fall back on.
                 InFlightRequest& request = bench.ledger.Begin(0, 1, 2, Now());
                 bench.ledger.ArmTimeout(request);
                 CHECK(request.transmissions == 1);
             });
    bench.At(1.1, [&] { bench.ledger.Lose(0, DropReason::kMessageLost, 1); });
    bench.Run();
    CHECK(bench.ledger.Dropped() == 1);
    CHECK(bench.ledger.Completed() == 0);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("outcome") == "dropped:message_lost");
    CHECK(rows[0].at("done_s") == "1.1");
    CHECK(rows[0].at("decisions") == "1:message_lost");
}

TEST_CASE("ledger: with an armed timeout a lost request is answered by its fallback")
{
    Bench bench(WithTimeout(0.2));
    bench.ledger.AddSource(1);
    bench.At(1.0,
             [&]
             {
                 InFlightRequest& request = bench.ledger.Begin(0, 1, 5, Now());
                 request.row.AddDecision("0:continue");
                 request.row.AddDecision("0:transmit");
                 request.fallback = { 0, 0, 5 };
                 bench.ledger.ArmTimeout(request);
             });
    bench.At(1.05,
             [&]
             {
                 bench.ledger.Lose(0, DropReason::kMessageLost, 1);
                 CHECK(bench.ledger.InFlight(0)); // the source cannot tell a loss from a delay
             });
    bench.Run();
    CHECK(bench.ledger.Dropped() == 0);
    CHECK(bench.ledger.Completed() == 1);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("outcome") == "completed");
    CHECK(rows[0].at("timed_out") == "1");
    CHECK(rows[0].at("exit") == "0");
    CHECK(rows[0].at("prediction") == "5");
    CHECK(rows[0].at("done_s") == "1.2");
    CHECK(rows[0].at("decisions") == "0:continue 0:transmit 1:message_lost 0:timeout");
}

TEST_CASE("ledger: a timeout superseded by a later transmission or by the answer does nothing")
{
    Bench bench(WithTimeout(0.2));
    bench.ledger.AddSource(2);
    bench.At(1.0,
             [&]
             {
                 for (int sample : { 1, 2 })
                 {
                     InFlightRequest& request = bench.ledger.Begin(0, sample, 3, Now());
                     request.fallback = { 0, 0, 3 };
                     bench.ledger.ArmTimeout(request);
                 }
             });
    // Request 0 transmits again at 1.1 (its first timeout at 1.2 is void, the new one at 1.3
    // stands); request 1 is answered at 1.15, before its timeout.
    bench.At(1.1, [&] { bench.ledger.ArmTimeout(bench.ledger.Get(0)); });
    bench.At(1.15, [&] { bench.ledger.Complete(1, { 1, 1, 4 }, Now()); });
    bench.Run();
    CHECK(bench.ledger.Completed() == 2);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("request") == "1");
    CHECK(rows[0].at("timed_out") == "0");
    CHECK(rows[0].at("prediction") == "4");
    CHECK(rows[1].at("request") == "0");
    CHECK(rows[1].at("timed_out") == "1");
    CHECK(rows[1].at("done_s") == "1.3");
}

TEST_CASE("ledger: a request unanswered at its deadline is abandoned and its task withdrawn")
{
    RequestLedger::Settings settings = Segments2();
    settings.deadlineSeconds = 0.5;
    settings.abandonAtDeadline = true;
    Bench bench(settings);
    bench.ledger.AddSource(2);
    bool ran = false;
    bench.At(1.0,
             [&]
             {
                 bench.ledger.Begin(0, 1, 2, Now());
                 bench.ledger.Begin(0, 2, 2, Now());
                 // Request 1's task waits behind a long one until after its deadline.
                 bench.compute[0].Submit(2'000'000'000, [](double, double) {});
                 bench.compute[0].Submit(
                     1'000, [&](double, double) { ran = true; }, 1);
                 bench.ledger.Get(1).queuedOn = 0;
             });
    bench.At(1.3, [&] { bench.ledger.Complete(0, { 0, 0, 2 }, Now()); });
    bench.Run();
    CHECK_FALSE(ran);
    CHECK(bench.ledger.Completed() == 1);
    CHECK(bench.ledger.Dropped() == 1);
    const auto rows = bench.Rows();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].at("outcome") == "completed");
    CHECK(rows[1].at("outcome") == "dropped:deadline_abandoned");
    CHECK(rows[1].at("done_s") == "1.5");
}

TEST_CASE("ledger: counts and progress follow every begin and end")
{
    Bench bench(Segments2());
    bench.ledger.AddSource(3);
    bench.ledger.AddSource(2);
    CHECK(bench.ledger.Expected() == 5);
    bench.At(1.0,
             [&]
             {
                 for (int i = 0; i < 4; ++i)
                 {
                     bench.ledger.Begin(i % 2, i, 0, Now());
                 }
                 CHECK(bench.ledger.Issued() == 4);
                 CHECK(bench.ledger.InFlightCount() == 4);
             });
    bench.At(2.0, [&] { bench.ledger.Complete(2, { 0, 0, 0 }, Now()); });
    bench.At(3.0, [&] { bench.ledger.Drop(0, DropReason::kMessageLost, Now()); });
    bench.Run();
    CHECK(bench.ledger.Issued() == 4);
    CHECK(bench.ledger.InFlightCount() == 2);
    CHECK(bench.ledger.Completed() == 1);
    CHECK(bench.ledger.Dropped() == 1);
    using Pairs = std::vector<std::pair<std::uint64_t, std::uint64_t>>;
    CHECK(bench.progress == Pairs{ { 1, 5 }, { 2, 5 } });
    const auto rows = bench.Rows(); // the recorder's accounting check agrees
    CHECK(rows.size() == 2);
}

TEST_CASE("ledger: the run stops when the sources are done and the last request has ended")
{
    Bench bench(Segments2());
    bench.ledger.AddSource(1);
    bench.ledger.AddSource(1);
    bool later = false;
    bench.At(1.0, [&] { bench.ledger.Begin(0, 1, 0, Now()); });
    bench.At(1.1, [&] { bench.ledger.SourceDone(); });
    // Every request has ended at 2, but the second source is still issuing.
    bench.At(2.0, [&] { bench.ledger.Complete(0, { 0, 0, 0 }, Now()); });
    bench.At(3.0, [&] { bench.ledger.Begin(1, 2, 0, Now()); });
    bench.At(3.1, [&] { bench.ledger.SourceDone(); });
    bench.At(4.0, [&] { bench.ledger.Complete(1, { 0, 1, 0 }, Now()); });
    bench.At(50.0, [&] { later = true; });
    bench.Run();
    CHECK(Now() == 4.0);
    CHECK_FALSE(later);
    CHECK(bench.ledger.Completed() == 2);
}
