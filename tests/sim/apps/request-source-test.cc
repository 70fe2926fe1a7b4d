// The request source issuing into a stage worker on the device; every request exits there.
#include "tests/sim/apps/app-bench.h"

#include <catch2/catch.hpp>
#include <ns3/double.h>
#include <ns3/string.h>
#include <ns3/uinteger.h>

using namespace eesim;
using eesim::test::AppBench;

namespace
{

const nlohmann::json kExitAtOnce = nlohmann::json::parse(
    R"({"policies": {"exit": {"name": "confidence", "params": {"threshold": 0}}}})");

/** Rows of a run with one source configured by `configure`. */
std::vector<std::map<std::string, std::string>>
Issue(const std::function<void(RequestSourceHelper&)>& configure)
{
    AppBench bench(kExitAtOnce);
    auto workers = bench.Workers();
    const auto worker = bench.InstallWorker(workers, 0);
    RequestSourceHelper sources(bench.ledger, bench.data, bench.model.Preprocessing(),
                                bench.placement);
    configure(sources);
    sources.Install(worker, 0);
    bench.Run(1000);
    return bench.Rows();
}

std::vector<std::string>
Column(const std::vector<std::map<std::string, std::string>>& rows, const std::string& name)
{
    std::vector<std::string> values;
    for (const auto& row : rows)
    {
        values.push_back(row.at(name));
    }
    return values;
}

} // namespace

TEST_CASE("request source: periodic arrivals one gap after the start, as many as asked")
{
    const auto rows = Issue(
        [](RequestSourceHelper& sources)
        {
            sources.SetAttribute("Arrivals", ns3::StringValue("periodic"));
            sources.SetAttribute("RatePerSecond", ns3::DoubleValue(4));
            sources.SetAttribute("StartSeconds", ns3::DoubleValue(2));
            sources.SetAttribute("RequestCount", ns3::UintegerValue(5));
        });
    CHECK(Column(rows, "arrival_s")
          == std::vector<std::string>{ "2.25", "2.5", "2.75", "3", "3.25" });
    CHECK(Column(rows, "outcome") == std::vector<std::string>(5, "completed"));
}

TEST_CASE("request source: a duration ends the issuing before the count")
{
    const auto rows = Issue(
        [](RequestSourceHelper& sources)
        {
            sources.SetAttribute("Arrivals", ns3::StringValue("periodic"));
            sources.SetAttribute("RatePerSecond", ns3::DoubleValue(10));
            sources.SetAttribute("StartSeconds", ns3::DoubleValue(1));
            sources.SetAttribute("DurationSeconds", ns3::DoubleValue(0.35));
            sources.SetAttribute("RequestCount", ns3::UintegerValue(100));
        });
    CHECK(Column(rows, "arrival_s") == std::vector<std::string>{ "1.1", "1.2", "1.3" });
}

TEST_CASE("request source: the seed alone decides the Poisson arrivals and the images")
{
    auto seeded = [](std::uint64_t seed)
    {
        return [seed](RequestSourceHelper& sources)
        {
            sources.SetAttribute("RequestCount", ns3::UintegerValue(20));
            sources.SetAttribute("RatePerSecond", ns3::DoubleValue(50));
            sources.SetAttribute("Seed", ns3::UintegerValue(seed));
        };
    };
    const auto a = Issue(seeded(7));
    const auto b = Issue(seeded(7));
    const auto c = Issue(seeded(8));
    REQUIRE(a.size() == 20);
    CHECK(Column(a, "arrival_s") == Column(b, "arrival_s"));
    CHECK(Column(a, "sample") == Column(b, "sample"));
    CHECK(Column(a, "arrival_s") != Column(c, "arrival_s"));
    CHECK(Column(a, "sample") != Column(c, "sample"));
    // Exponential gaps at 50/s after the 1 s start: 20 arrivals take about 0.4 s.
    const double last = std::stod(a.back().at("arrival_s"));
    CHECK(last > 1.1);
    CHECK(last < 2.0);
}
