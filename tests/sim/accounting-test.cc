// Every request ends once: completed, dropped with a reason (a full compute queue, a lost
// message, its deadline passed) or unfinished when the run ends; the counts add up.
#include "base/error.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <set>

using namespace eesim;
using eesim::test::Run;
using eesim::test::Simulate;

namespace
{

/** A device 10 m from a slow server (about 0.15 s for segments 1-3 of one request) that
 *  gets a request every 20 ms; every request runs to the final exit on the server. */
nlohmann::json
Overloaded(int count)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "accounting-test",
      "requests": {"count": 0, "arrival": "periodic", "rate_per_s": 50, "start_s": 0.5},
      "nodes": [
        {"name": "device", "role": "device", "position_m": [10, 0, 0], "capacity_gflops": 2},
        {"name": "server", "role": "server", "capacity_gflops": 0.05}
      ],
      "placement": ["source", "server"]
    })");
    doc["requests"]["count"] = count;
    doc["model"] = test::ShippedModel();
    return doc;
}

std::uint64_t
Count(const Run& run, const char* key)
{
    return run.summary["requests"][key].get<std::uint64_t>();
}

std::uint64_t
Dropped(const Run& run, const char* reason)
{
    return run.summary["requests"]["dropped_by_reason"][reason].get<std::uint64_t>();
}

/** The accounting identity, and one requests.csv row per ended request, each id once. */
void
CheckAccounting(const Run& run)
{
    INFO(run.summary["requests"].dump());
    CHECK(Count(run, "completed") + Count(run, "dropped") + Count(run, "unfinished")
          == Count(run, "issued"));
    CHECK(Count(run, "dropped")
          == Dropped(run, "queue_full") + Dropped(run, "message_lost")
                 + Dropped(run, "deadline_abandoned"));
    CHECK(run.rows.size() == Count(run, "completed") + Count(run, "dropped"));
    std::set<std::uint64_t> ids;
    std::uint64_t completed = 0;
    for (const auto& row : run.rows)
    {
        ids.insert(std::stoull(row.at("request")));
        completed += row.at("outcome") == "completed" ? 1 : 0;
    }
    CHECK(ids.size() == run.rows.size());
    CHECK((ids.empty() || *ids.rbegin() < Count(run, "issued")));
    CHECK(completed == Count(run, "completed"));
    std::uint64_t exits = 0;
    for (const auto& n : run.summary["exit_histogram"])
    {
        exits += n.get<std::uint64_t>();
    }
    CHECK(exits == completed);
}

/** Rows whose outcome is `outcome`. */
std::vector<std::map<std::string, std::string>>
RowsWith(const Run& run, const std::string& outcome)
{
    std::vector<std::map<std::string, std::string>> rows;
    for (const auto& row : run.rows)
    {
        if (row.at("outcome") == outcome)
        {
            rows.push_back(row);
        }
    }
    return rows;
}

} // namespace

TEST_CASE("a task that finds the compute queue full drops its request as queue_full")
{
    test::TempDir dir;
    auto doc = Overloaded(20);
    doc["nodes"][1]["queue_limit"] = 1;
    const Run run = Simulate(dir, doc);
    CheckAccounting(run);
    CHECK(Count(run, "issued") == 20);
    CHECK(Count(run, "unfinished") == 0);
    CHECK(Count(run, "completed") > 0);
    CHECK(Dropped(run, "queue_full") > 5);
    CHECK(Count(run, "dropped") == Dropped(run, "queue_full"));
    const auto& server = run.summary["nodes"][1];
    CHECK(server["refused"] == Dropped(run, "queue_full"));
    CHECK(server["peak_waiting"] == 1);
    for (const auto& row : RowsWith(run, "dropped:queue_full"))
    {
        CHECK(row.at("prediction") == "-1");
        CHECK(row.at("exit") == "-1");
        CHECK(row.at("correct") == "0");
        CHECK(row.at("decisions").find(":queue_full") != std::string::npos);
    }
}

TEST_CASE("with an answer timeout, a request refused by a full queue gets its fallback exit")
{
    test::TempDir dir;
    auto doc = Overloaded(20);
    doc["nodes"][1]["queue_limit"] = 1;
    doc["transport"] = { { "answer_timeout_ms", 300 } };
    const Run run = Simulate(dir, doc);
    CheckAccounting(run);
    // The device cannot tell a refusal from a slow answer: its timeout answers.
    CHECK(Count(run, "dropped") == 0);
    CHECK(Count(run, "completed") == 20);
    int refusedThenFallback = 0;
    for (const auto& row : run.rows)
    {
        const std::string& trail = row.at("decisions");
        if (trail.find(":queue_full") != std::string::npos)
        {
            CHECK(trail.find("0:timeout") != std::string::npos);
            CHECK(row.at("timed_out") == "1");
            CHECK(row.at("exit") == "0");
            ++refusedThenFallback;
        }
    }
    CHECK(refusedThenFallback > 5);
}

TEST_CASE("abandon_after_deadline drops requests at their deadline and withdraws queued work")
{
    test::TempDir dir;
    auto doc = Overloaded(20);
    doc["requests"]["rate_per_s"] = 10; // 1.5 times what the server can do
    doc["requests"]["deadline_ms"] = 300;
    const Run patient = Simulate(dir, doc, "patient");
    doc["requests"]["abandon_after_deadline"] = true;
    const Run run = Simulate(dir, doc, "abandoning");
    CheckAccounting(run);
    CHECK(Count(patient, "completed") == 20);
    CHECK(Count(run, "unfinished") == 0);
    CHECK(Dropped(run, "deadline_abandoned") > 5);
    CHECK(Count(run, "dropped") == Dropped(run, "deadline_abandoned"));
    for (const auto& row : RowsWith(run, "dropped:deadline_abandoned"))
    {
        CHECK(std::stod(row.at("latency_s")) == Approx(0.3).epsilon(1e-6));
        CHECK(row.at("deadline_met") == "0");
        CHECK(row.at("prediction") == "-1");
    }
    for (const auto& row : RowsWith(run, "completed"))
    {
        CHECK(row.at("deadline_met") == "1");
    }
    // Every answer is in time, but fewer than the requests issued.
    CHECK(run.summary["deadline"]["hit_rate"] == 1.0);
    CHECK(run.summary["deadline"]["hit_rate_of_issued"].get<double>()
          == Approx(double(Count(run, "completed")) / 20));
    // Tasks of abandoned requests that had not started were never computed (ignoring their
    // results alone would leave the server as busy as the patient run's).
    CHECK(run.summary["nodes"][1]["busy_s"].get<double>()
          < 0.9 * patient.summary["nodes"][1]["busy_s"].get<double>());
}

TEST_CASE("an overloaded run cut short accounts for every request it issued")
{
    test::TempDir dir;
    auto doc = Overloaded(30);
    doc["nodes"] = nlohmann::json::array();
    for (int i = 0; i < 3; ++i)
    {
        doc["nodes"].push_back({ { "name", "device" + std::to_string(i) },
                                 { "role", "device" },
                                 { "position_m", { 10, 3 * i, 0 } },
                                 { "capacity_gflops", 2 } });
    }
    doc["nodes"].push_back({ { "name", "server" },
                             { "role", "server" },
                             { "capacity_gflops", 0.05 },
                             { "queue_limit", 3 } });
    doc["requests"]["arrival"] = "poisson";
    doc["requests"]["rate_per_s"] = 5; // 15 per second in all, twice what the server can do
    doc["requests"]["deadline_ms"] = 400;
    doc["requests"]["abandon_after_deadline"] = true;
    doc["stop_time_s"] = 2.5; // while requests are still being issued and served
    const Run run = Simulate(dir, doc);
    CheckAccounting(run);
    CHECK(Count(run, "issued") < 90);
    CHECK(Count(run, "completed") > 0);
    CHECK(Dropped(run, "queue_full") > 0);
    CHECK(Dropped(run, "deadline_abandoned") > 0);
    CHECK(Count(run, "unfinished") > 0);
}

TEST_CASE("over lossy UDP, a message the receiver got only part of drops its request")
{
    test::TempDir dir;
    auto doc = Overloaded(40);
    doc["nodes"][1]["capacity_gflops"] = 100;
    doc["requests"]["rate_per_s"] = 10;
    // A link at the edge of MCS 7: a frame often fails all its retries, so feature messages (9
    // fragments) lose some fragments, and results (one fragment) may be lost whole.
    doc["channel"] = { { "snr", "fixed" }, { "snr_db", 18 } };
    doc["wifi"] = { { "rate_control", "constant" }, { "constant_mcs", 7 } };
    doc["transport"] = { { "protocol", "udp" } };
    doc["stop_time_s"] = 10; // results lost whole leave their requests unfinished
    const Run run = Simulate(dir, doc);
    CheckAccounting(run);
    CHECK(Dropped(run, "message_lost") > 2);
    for (const auto& row : RowsWith(run, "dropped:message_lost"))
    {
        CHECK(row.at("decisions").find("1:message_lost") != std::string::npos);
        // Dropped when the receiver gave up: a second after the first fragment came.
        CHECK(std::stod(row.at("latency_s")) > 1.0);
    }
}

TEST_CASE("abandon_after_deadline without a deadline is refused")
{
    test::TempDir dir;
    auto doc = Overloaded(5);
    doc["requests"]["abandon_after_deadline"] = true;
    std::ofstream(dir.File("s.json")) << doc.dump();
    try
    {
        LoadScenario(dir.File("s.json"), {});
        FAIL("loaded");
    }
    catch (const Error& e)
    {
        CHECK_THAT(e.what(), Catch::Contains("/requests/abandon_after_deadline: needs a deadline"));
    }
}

TEST_CASE("the 50-device stress scenario accounts for every request within its queue cap")
{
    test::TempDir dir;
    const Scenario scenario = LoadScenario(
        std::string(EESIM_SOURCE_DIR) + "/scenarios/stress-50dev.json", { "requests.count=2" });
    Run run;
    run.summary = RunSimulation(scenario, dir.Path());
    const auto& requests = run.summary["requests"];
    INFO(requests.dump());
    CHECK(requests["issued"] == 100);
    CHECK(requests["completed"].get<std::uint64_t>() + requests["dropped"].get<std::uint64_t>()
              + requests["unfinished"].get<std::uint64_t>()
          == 100);
    CHECK(requests["unfinished"] == 0); // abandonment ends every request by its deadline
    CHECK(run.summary["nodes"][50]["peak_waiting"].get<int>() <= 8);
}
