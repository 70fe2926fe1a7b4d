// The recorder's rows and summary from hand-made records, against hand-computed figures.
#include "base/error.h"
#include "sim/record/recorder.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

namespace
{

/** An answered request of two segments, issued at time 0 and answered `latency` later. */
RequestRecord
Answered(std::uint64_t id, int label, int prediction, int exit, double latency)
{
    RequestRecord r;
    r.id = id;
    r.source = 0;
    r.sample = int(100 + id);
    r.label = label;
    r.prediction = prediction;
    r.exitIndex = exit;
    r.exitNode = exit == 0 ? 0 : 1;
    r.arrivalSeconds = 0.0;
    r.doneSeconds = latency;
    r.queueSeconds = { 0.001, 0.0 };
    r.computeSeconds = { 0.002, exit == 0 ? 0.0 : 0.004 };
    r.flops = exit == 0 ? 100 : 300;
    r.deviceComputeJoules = 0.25;
    // Every request met one transmission decision before the link.
    r.tdDecisions = 1;
    r.tdOfferedBytes = 1016;
    r.decisions = exit == 0 ? "0:continue 0:keep" : "0:continue 0:transmit 1:exit";
    if (exit == 1)
    {
        r.transmitted = true;
        r.featureBytes = 1000;
        r.resultBytes = 16;
        r.tdSentBytes = 1016;
    }
    return r;
}

RequestRecord
Dropped(std::uint64_t id, double done)
{
    RequestRecord r;
    r.id = id;
    r.label = 2;
    r.queueSeconds = { 0.0, 0.0 };
    r.computeSeconds = { 0.0, 0.0 };
    r.arrivalSeconds = 0.0;
    r.doneSeconds = done;
    r.decisions = "1:queue_full";
    return r;
}

/** Four answered requests (latencies 10, 20, 30 and 100 ms; three right) and three dropped,
 *  with a 25 ms deadline. */
nlohmann::json
RecordSeven(const std::string& folder, const std::string& status = "complete")
{
    Recorder recorder(folder, 2, 0.025);
    recorder.SetFullFlops(400);
    RequestRecord r0 = Answered(0, 3, 3, 0, 0.010);
    RequestRecord r1 = Answered(1, 4, 4, 1, 0.020);
    r1.snrDb = 12.5;
    r1.csiSnrDb = 11.0;
    RequestRecord r2 = Answered(2, 5, 1, 1, 0.030);
    r2.timedOut = true;
    r2.resultBytes = 0;
    RequestRecord r3 = Answered(3, 7, 7, 1, 0.100);
    recorder.Record(r0);
    recorder.Record(r1);
    recorder.RecordDrop(Dropped(4, 0.5), DropReason::kQueueFull);
    recorder.Record(r2);
    recorder.RecordDrop(Dropped(5, 0.6), DropReason::kQueueFull);
    recorder.RecordDrop(Dropped(6, 0.7), DropReason::kMessageLost);
    recorder.Record(r3);
    nlohmann::json summary;
    summary["status"] = status;
    summary["requests"] = { { "issued", 8 }, { "unfinished", 1 } };
    summary["energy"] = { { "device_wifi_radio_j", 2.0 } };
    return recorder.Finish(summary);
}

} // namespace

TEST_CASE("recorder: one row per ended request, in the order they ended")
{
    test::TempDir dir;
    RecordSeven(dir.Path());
    const auto rows = test::ReadRows(dir.File("requests.csv"));
    REQUIRE(rows.size() == 7);
    std::vector<std::string> ids;
    for (const auto& row : rows)
    {
        ids.push_back(row.at("request"));
    }
    CHECK(ids == std::vector<std::string>{ "0", "1", "4", "2", "5", "6", "3" });
    CHECK(rows[0].size() == 29); // 25 columns, and queue and compute of two segments

    const auto& r1 = rows[1];
    CHECK(r1.at("label") == "4");
    CHECK(r1.at("prediction") == "4");
    CHECK(r1.at("correct") == "1");
    CHECK(r1.at("exit") == "1");
    CHECK(r1.at("exit_node") == "1");
    CHECK(r1.at("transmitted") == "1");
    CHECK(r1.at("latency_s") == "0.02");
    CHECK(r1.at("queue_s_0") == "0.001");
    CHECK(r1.at("compute_s_1") == "0.004");
    CHECK(r1.at("flops") == "300");
    CHECK(r1.at("feature_bytes") == "1000");
    CHECK(r1.at("snr_db") == "12.50");
    CHECK(r1.at("csi_snr_db") == "11.00");
    CHECK(r1.at("deadline_met") == "1");
    CHECK(r1.at("timed_out") == "0");
    CHECK(r1.at("outcome") == "completed");
    CHECK(r1.at("decisions") == "0:continue 0:transmit 1:exit");

    const auto& r2 = rows[3]; // wrong, late, answered by the timeout
    CHECK(r2.at("correct") == "0");
    CHECK(r2.at("deadline_met") == "0");
    CHECK(r2.at("timed_out") == "1");
    CHECK(r2.at("snr_db").empty()); // nothing measured

    const auto& dropped = rows[2];
    CHECK(dropped.at("outcome") == "dropped:queue_full");
    CHECK(dropped.at("prediction") == "-1");
    CHECK(dropped.at("correct") == "0");
    CHECK(dropped.at("exit") == "-1");
    CHECK(dropped.at("latency_s") == "0.5");
    CHECK(dropped.at("deadline_met") == "0"); // a dropped request never meets its deadline
    CHECK(rows[5].at("outcome") == "dropped:message_lost");
}

TEST_CASE("recorder: the summary's accuracy, latency percentiles and drop counts")
{
    test::TempDir dir;
    const nlohmann::json s = RecordSeven(dir.Path());
    CHECK(s["requests"]["completed"] == 4);
    CHECK(s["requests"]["dropped"] == 3);
    CHECK(s["requests"]["dropped_by_reason"]
          == nlohmann::json(
              { { "queue_full", 2 }, { "message_lost", 1 }, { "deadline_abandoned", 0 } }));
    CHECK(s["requests"]["timed_out"] == 1);
    CHECK(s["accuracy"] == 0.75); // 3 of the 4 answered; drops do not count
    // Latencies 10, 20, 30, 100 ms: the mean and the maximum are exact, percentiles are the
    // centres of 0.1 % bins. p50 is the 2nd smallest (rank ceil(0.5 x 4)), p95 and p99 the 4th.
    CHECK(s["latency_s"]["mean"].get<double>() == Approx(0.04).epsilon(1e-12));
    CHECK(s["latency_s"]["max"] == 0.1);
    CHECK(s["latency_s"]["p50"].get<double>() == Approx(0.020).epsilon(0.001));
    CHECK(s["latency_s"]["p95"].get<double>() == Approx(0.100).epsilon(0.001));
    CHECK(s["latency_s"]["p99"].get<double>() == Approx(0.100).epsilon(0.001));
    CHECK(s["exit_histogram"] == nlohmann::json({ 1, 3 }));
    CHECK(s["transmitted_fraction"] == 0.75);
    // FLOPs 100 + 3 x 300 over 4 requests = 250 of a full 400.
    CHECK(s["computation"]["flops_per_request"] == 250.0);
    CHECK(s["computation"]["full_flops_per_request"] == 400);
    CHECK(s["computation"]["saved"] == 0.375);
    CHECK(s["bytes"]
          == nlohmann::json({ { "features", 3000 }, { "results", 32 }, { "total", 3032 } }));
    // Four decisions offered 4 x 1016 bytes; three sent them.
    CHECK(s["communication"]["decisions"] == 4);
    CHECK(s["communication"]["offered_bytes"] == 4064);
    CHECK(s["communication"]["sent_bytes"] == 3048);
    CHECK(s["communication"]["saved_bytes"] == 0.25);
    CHECK(s["communication"]["saved_symbols"].is_null());
    // 25 ms deadline: 10 and 20 ms met it, both right.
    CHECK(s["deadline"]["hit_rate"] == 0.5);
    CHECK(s["deadline"]["hit_rate_of_issued"] == 0.25);
    CHECK(s["deadline"]["accuracy_in_time"] == 0.5);
    // Compute 4 x 0.25 J and 2 J of Wi-Fi radio over the 4 answered requests.
    CHECK(s["energy"]["device_compute_j_per_request"] == 0.25);
    CHECK(s["energy"]["device_wifi_radio_j_per_request"] == 0.5);
    CHECK(s["energy"]["device_j_per_request"] == 0.75);

    std::ifstream file(dir.File("summary.json"));
    CHECK(nlohmann::json::parse(file) == s);
}

TEST_CASE("recorder: counts that do not add up to the requests issued are an error")
{
    test::TempDir dir;
    Recorder recorder(dir.Path(), 2, 0.0);
    recorder.Record(Answered(0, 1, 1, 0, 0.01));
    nlohmann::json summary;
    summary["requests"] = { { "issued", 3 }, { "unfinished", 1 } }; // one went missing
    CHECK_THROWS_WITH(recorder.Finish(summary),
                      Catch::Contains("1 completed, 0 dropped, 1 unfinished"));
}

TEST_CASE("recorder: without a deadline the column is empty and the summary has no deadline")
{
    test::TempDir dir;
    Recorder recorder(dir.Path(), 2, 0.0);
    recorder.Record(Answered(0, 1, 1, 0, 5.0));
    nlohmann::json summary;
    summary["requests"] = { { "issued", 1 }, { "unfinished", 0 } };
    const nlohmann::json s = recorder.Finish(summary);
    CHECK_FALSE(s.contains("deadline"));
    const auto rows = test::ReadRows(dir.File("requests.csv"));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].at("deadline_met").empty());
}

TEST_CASE("recorder: an interrupted run's rows do not pass for a finished run's")
{
    test::TempDir dir;
    RecordSeven(dir.Path(), "interrupted");
    CHECK(test::ReadRows(dir.File("requests.partial.csv")).size() == 7);
    CHECK_FALSE(std::ifstream(dir.File("requests.csv")).good());
    CHECK_FALSE(std::ifstream(dir.File("requests.csv.tmp")).good());
}

TEST_CASE("recorder: with no request answered, the per-answer figures are null, not zero")
{
    test::TempDir dir;
    Recorder recorder(dir.Path(), 2, 0.025);
    recorder.SetFullFlops(400);
    recorder.RecordDrop(Dropped(0, 0.5), DropReason::kMessageLost);
    nlohmann::json summary;
    summary["requests"] = { { "issued", 3 }, { "unfinished", 2 } };
    summary["energy"] = { { "device_wifi_radio_j", 2.0 } };
    const nlohmann::json s = recorder.Finish(summary);
    CHECK(s["requests"]["completed"] == 0);
    CHECK(s["accuracy"].is_null());
    for (const char* figure : { "mean", "p50", "p95", "p99", "max" })
    {
        CHECK(s["latency_s"][figure].is_null());
    }
    CHECK(s["computation"]["saved"].is_null());
    CHECK(s["computation"]["full_flops_per_request"] == 400);
    CHECK(s["energy"]["device_j_per_request"].is_null());
    CHECK(s["energy"]["device_wifi_radio_j"] == 2.0); // a total, defined without answers
    CHECK(s["deadline"]["hit_rate"].is_null());
    CHECK(s["deadline"]["hit_rate_of_issued"] == 0.0);
}

TEST_CASE("recorder: computation saved is null when full execution costs no FLOPs")
{
    test::TempDir dir;
    Recorder recorder(dir.Path(), 2, 0.0);
    recorder.SetFullFlops(0); // segments of a near-zero segment_latency_ms on a slow node
    RequestRecord r = Answered(0, 1, 1, 0, 0.001);
    r.flops = 0;
    recorder.Record(r);
    nlohmann::json summary;
    summary["requests"] = { { "issued", 1 }, { "unfinished", 0 } };
    const nlohmann::json s = recorder.Finish(summary);
    CHECK(s["computation"]["saved"].is_null());
    CHECK(s["accuracy"] == 1.0);
}
