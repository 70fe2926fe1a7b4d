// Scenario validation: one case per class of bad input, every error at once, --set overrides.
#include "base/error.h"
#include "sim/scenario/scenario-schema.h"
#include "sim/scenario/scenario.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

namespace
{

/** A valid two-node scenario as JSON text, with the shipped model by absolute path. */
nlohmann::json
ValidDocument()
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "t",
      "requests": {"count": 10, "rate_per_s": 5},
      "nodes": [
        {"name": "phone", "role": "device", "position_m": [5, 0, 0], "capacity_gflops": 2},
        {"name": "edge", "role": "server", "capacity_gflops": 50}
      ],
      "placement": ["source", "edge"]
    })");
    doc["model"] = test::ShippedModel();
    return doc;
}

/** The message of the error LoadScenario throws ("" when it loads). */
std::string
Problems(const test::TempDir& dir, const nlohmann::json& document,
         const std::vector<std::string>& sets = {})
{
    std::ofstream(dir.File("s.json")) << document.dump();
    try
    {
        LoadScenario(dir.File("s.json"), sets);
    }
    catch (const Error& e)
    {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a valid scenario loads with its defaults filled in")
{
    test::TempDir dir;
    std::ofstream(dir.File("s.json")) << ValidDocument().dump();
    const Scenario s = LoadScenario(dir.File("s.json"), {});
    CHECK(s.requestCount == 10);
    CHECK(s.poissonArrivals);
    CHECK(s.wifiStandard == "802.11ax");
    CHECK(s.placement == std::vector<int>{ -1, 1, 1, 1 }); // the last entry repeats
    CHECK(s.nodes[1].positionM == std::array<double, 3>{ 0, 0, 0 });
    CHECK(s.document["transport"]["encoding"] == "float32");
    CHECK(s.hash.size() == 16);
}

TEST_CASE("the typed scenario takes every value it was not given from the key table")
{
    test::TempDir dir;
    std::ofstream(dir.File("s.json")) << ValidDocument().dump();
    const Scenario s = LoadScenario(dir.File("s.json"), {});
    auto fallback = [](const std::string& path)
    {
        for (const KeySpec& key : ScenarioKeys())
        {
            if (key.path == path)
            {
                return key.defaultValue;
            }
        }
        FAIL("no key " + path);
        return nlohmann::json();
    };
    CHECK(s.seed == fallback("seed"));
    CHECK(s.flopsScale == fallback("model_flops_scale"));
    CHECK(s.startSeconds == fallback("requests.start_s"));
    CHECK(s.deadlineSeconds * 1000 == fallback("requests.deadline_ms"));
    CHECK(s.nodes[0].issuesRequests == fallback("nodes[].issues_requests"));
    CHECK(s.nodes[0].queueLimit == fallback("nodes[].queue_limit"));
    CHECK(s.nodes[0].profile == fallback("nodes[].profile"));
    CHECK(s.rateControl == fallback("wifi.rate_control"));
    CHECK(s.constantMcs == fallback("wifi.constant_mcs"));
    CHECK(s.txPowerDbm == fallback("wifi.tx_power_dbm"));
    CHECK(s.channelWidthMhz == fallback("wifi.channel_width_mhz"));
    CHECK(s.referenceLossDb == fallback("propagation.reference_loss_db"));
    CHECK(s.protocol == fallback("transport.protocol"));
    CHECK(s.udpFragmentBytes == fallback("transport.udp_fragment_bytes"));
    CHECK(s.channel.defaultLinkType == fallback("channel.mode"));
    CHECK(s.channel.snrDb == fallback("channel.snr_db"));
    CHECK(s.channel.fading == fallback("channel.fading"));
    CHECK(s.channel.coherenceSeconds * 1000 == Approx(fallback("channel.coherence_time_ms")));
    CHECK(s.channel.meanBadSeconds == fallback("channel.mean_bad_s"));
    CHECK(s.channel.badLossDb == fallback("channel.bad_loss_db"));
    CHECK(s.channel.symbolRate == fallback("channel.analog.symbol_rate_per_s"));
    CHECK(s.channel.analogTxPowerDbm == fallback("channel.analog.tx_power_dbm"));
    CHECK(s.channel.csiMode == fallback("csi.mode"));
    CHECK(s.channel.csiSigmaDb == fallback("csi.sigma_db"));
}

TEST_CASE("a value of the wrong type is reported with its pointer")
{
    test::TempDir dir;
    auto doc = ValidDocument();
    doc["requests"]["rate_per_s"] = "fast";
    CHECK_THAT(Problems(dir, doc),
               Catch::Contains("s.json: /requests/rate_per_s: expected a number, got \"fast\""));
}

TEST_CASE("a value out of range is reported with the range")
{
    test::TempDir dir;
    auto doc = ValidDocument();
    doc["nodes"][0]["capacity_gflops"] = -5;
    CHECK_THAT(Problems(dir, doc),
               Catch::Contains("/nodes/0/capacity_gflops: out of range (expected -1 to 1000000, "
                               "got -5)"));
    doc["nodes"][0]["capacity_gflops"] = 0;
    CHECK_THAT(Problems(dir, doc),
               Catch::Contains("/nodes/0/capacity_gflops: expected -1 (the profile's) or a "
                               "positive value, got 0"));
}

TEST_CASE("an unknown key or choice gets a did-you-mean")
{
    test::TempDir dir;
    auto doc = ValidDocument();
    doc["requests"]["rate_per_sec"] = 3;
    doc["wifi"] = { { "standard", "80211ax" } };
    const std::string problems = Problems(dir, doc);
    CHECK_THAT(problems, Catch::Contains("/requests/rate_per_sec: unknown key (did you mean "
                                         "\"rate_per_s\"?)"));
    CHECK_THAT(problems, Catch::Contains("/wifi/standard: expected one of 802.11n, 802.11ac, "
                                         "802.11ax, got \"80211ax\" (did you mean \"802.11ax\"?)"));
}

TEST_CASE("a dangling reference and a missing required key are reported")
{
    test::TempDir dir;
    auto doc = ValidDocument();
    doc["placement"] = { "source", "edgy" };
    CHECK_THAT(
        Problems(dir, doc),
        Catch::Contains("/placement/1: no node or pool named \"edgy\" (did you mean \"edge\"?)"));
    doc = ValidDocument();
    doc["nodes"][1].erase("role");
    CHECK_THAT(Problems(dir, doc), Catch::Contains("/nodes/1/role: missing (required)"));
    doc = ValidDocument();
    doc["placement"] = { "source", "edge", "edge", "edge", "edge" };
    CHECK_THAT(Problems(dir, doc), Catch::Contains("/placement: 5 entries but the model has 4"));
    doc = ValidDocument();
    doc["policies"]
        = { { "exit", { { "name", "confidence" }, { "params", { { "threshold", 2 } } } } } };
    CHECK_THAT(Problems(dir, doc),
               Catch::Contains("/policies/exit/params/threshold: out of range (expected 0 to 1, "
                               "got 2)"));
}

TEST_CASE("every problem is reported at once")
{
    test::TempDir dir;
    auto doc = ValidDocument();
    doc["seed"] = -3;
    doc["requests"]["count"] = 0.5;
    doc["colour"] = "red";
    const std::string problems = Problems(dir, doc);
    CHECK_THAT(problems, Catch::Contains("/seed: out of range"));
    CHECK_THAT(problems, Catch::Contains("/requests/count: expected an integer"));
    CHECK_THAT(problems, Catch::Contains("/colour: unknown key"));
    CHECK(std::count(problems.begin(), problems.end(), '\n') == 2);
}

TEST_CASE("overrides (--set) change values, and their order does not change the hash")
{
    test::TempDir dir;
    std::ofstream(dir.File("s.json")) << ValidDocument().dump();
    const Scenario a = LoadScenario(dir.File("s.json"),
                                    { "requests.count=7", "nodes.0.name=tab", "placement.0=tab" });
    const Scenario b = LoadScenario(dir.File("s.json"),
                                    { "placement.0=tab", "nodes.0.name=tab", "requests.count=7" });
    CHECK(a.requestCount == 7);
    CHECK(a.nodes[0].name == "tab");
    CHECK(a.hash == b.hash);
    CHECK(a.hash != LoadScenario(dir.File("s.json"), {}).hash);
    const Scenario c = LoadScenario(dir.File("s.json"), { "wifi.standard=802.11ac" });
    CHECK(c.wifiStandard == "802.11ac"); // a bare string
    CHECK_THROWS_WITH(LoadScenario(dir.File("s.json"), { "nodes.5.name=x" }),
                      Catch::Contains("'5' is not an index of 2 elements"));
    CHECK_THROWS_WITH(LoadScenario(dir.File("s.json"), { "requests.count" }),
                      Catch::Contains("expected KEY.PATH=VALUE"));
}

TEST_CASE("a capacity trace is found beside the scenario, and a missing one is reported")
{
    test::TempDir dir;
    std::ofstream(dir.File("load.csv")) << "time_s,capacity_factor\n0,1\n2,0.5\n";
    auto doc = ValidDocument();
    doc["nodes"][0]["fluctuation"]
        = { { "model", "trace" }, { "trace", "load.csv" }, { "period_s", 4 } };
    std::ofstream(dir.File("s.json")) << doc.dump();
    const Scenario s = LoadScenario(dir.File("s.json"), {});
    auto capacity = s.nodes[0].makeCapacity(0);
    CHECK(capacity->FactorAt(1) == 1.0);
    CHECK(capacity->FactorAt(3) == 0.5);
    CHECK(capacity->FactorAt(5) == 1.0); // the trace repeats after period_s
    doc["nodes"][0]["fluctuation"]["trace"] = "absent.csv";
    CHECK_THAT(Problems(dir, doc), Catch::Contains("/nodes/0/fluctuation/trace: "
                                                   + dir.File("absent.csv") + ": cannot open"));
}

TEST_CASE("every shipped scenario validates")
{
    const std::string folder = std::string(EESIM_SOURCE_DIR) + "/scenarios/";
    for (const char* name :
         { "quickstart", "distree-3dev", "td-awgn", "td-fading", "td-mobility", "stress-50dev" })
    {
        INFO(name);
        CHECK_NOTHROW(LoadScenario(folder + name + ".json", {}));
        // Both link modes where the scenario's link can take either.
        CHECK_NOTHROW(LoadScenario(folder + name + ".json", { "channel.mode=digital" }));
    }
}

TEST_CASE("a --set value nested deeper than the limit is refused")
{
    const std::size_t deep = 200000;
    nlohmann::json document = nlohmann::json::object();
    CHECK_THROWS_WITH(
        ApplyOverride(document, "a.b=" + std::string(deep, '[') + std::string(deep, ']')),
        "--set a.b: nested deeper than 100 levels");
}

TEST_CASE("batching: the profile's batch costs unless a table is given, one cost per batch size")
{
    test::TempDir dir;
    nlohmann::json doc = ValidDocument();
    doc["nodes"][1]["profile"] = "jetson-nano";
    doc["nodes"][1]["batching"] = { { "max_batch", 4 }, { "max_wait_ms", 3 } };
    std::ofstream(dir.File("s.json")) << doc.dump();
    const Scenario profile = LoadScenario(dir.File("s.json"), {});
    CHECK(profile.nodes[1].batching.maxBatch == 4);
    CHECK(profile.nodes[1].batching.maxWaitSeconds == Approx(0.003));
    CHECK(profile.nodes[1].batching.cost.RelativeCost(4) == Approx(0.8 + 0.2 * 4));
    CHECK(profile.nodes[0].batching.maxBatch == 1); // no batching unless asked
    const Scenario table
        = LoadScenario(dir.File("s.json"), { "nodes.1.batching.relative_cost=[1,1.1,1.2,1.3]" });
    CHECK(table.nodes[1].batching.cost.RelativeCost(3) == Approx(1.2));

    CHECK(Problems(dir, doc, { "nodes.1.batching.relative_cost=[1,1.5]" })
          == dir.File("s.json")
                 + ": /nodes/1/batching/relative_cost: expected one cost per batch size up to "
                   "max_batch (4), got 2");
    CHECK(Problems(dir, doc, { "nodes.1.batching.relative_cost=[1,2,1.5,3]" })
          == dir.File("s.json")
                 + ": /nodes/1/batching/relative_cost: a batch of 3 may not cost less than a "
                   "smaller one, got [1.0,2.0,1.5,3.0]");
    CHECK(Problems(dir, doc, { "nodes.1.queue_limit=3" })
          == dir.File("s.json")
                 + ": /nodes/1/batching/max_batch: 4 is more than the queue_limit of 3 lets "
                   "wait; a batch could never fill");
    CHECK(Problems(dir, doc, { "nodes.1.batching.max_batch=0" })
          == dir.File("s.json")
                 + ": /nodes/1/batching/max_batch: out of range (expected 1 to 1024, got 0)");
}

TEST_CASE("batching left at its defaults, said or not, is the same scenario")
{
    test::TempDir dir;
    const auto hash = [&](const nlohmann::json& doc)
    {
        std::ofstream(dir.File("s.json")) << doc.dump();
        return LoadScenario(dir.File("s.json"), {}).hash;
    };
    nlohmann::json said = ValidDocument();
    said["nodes"][1]["batching"] = { { "max_batch", 1 }, { "max_wait_ms", 0 } };
    nlohmann::json empty = ValidDocument();
    empty["nodes"][1]["batching"] = nlohmann::json::object();
    CHECK(hash(said) == hash(ValidDocument()));
    CHECK(hash(empty) == hash(ValidDocument()));
    said["nodes"][1]["batching"]["max_batch"] = 2;
    CHECK(hash(said) != hash(ValidDocument()));
}
