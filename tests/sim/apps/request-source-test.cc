// The request source issuing into a stage worker on the device; every request exits there.
#include "tests/sim/apps/app-bench.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
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

TEST_CASE("request source: Poisson arrivals have exponential gaps at the rate, images drawn "
          "uniformly")
{
    // 4,000 arrivals at 20/s. Each check allows four standard deviations of its estimate:
    // the mean gap 0.05 s (sd 0.05 / sqrt(4000) = 0.0008 s); the gaps' coefficient of
    // variation 1, as for an exponential (sd about 0.022); the share of gaps longer than the
    // mean e^-1 (sd 0.0076); each class's share of the images 0.1, the test split holding
    // 1,000 of each class (sd 0.0047); the mean image index (sd 10,000 / sqrt(12 x 4000)).
    constexpr int kCount = 4000;
    const auto rows = Issue(
        [](RequestSourceHelper& sources)
        {
            sources.SetAttribute("RequestCount", ns3::UintegerValue(kCount));
            sources.SetAttribute("RatePerSecond", ns3::DoubleValue(20));
            sources.SetAttribute("Seed", ns3::UintegerValue(3));
        });
    REQUIRE(rows.size() == std::size_t(kCount));
    std::vector<double> arrivals;
    for (const std::string& a : Column(rows, "arrival_s"))
    {
        arrivals.push_back(std::stod(a));
    }
    std::sort(arrivals.begin(), arrivals.end());
    double sum = 0;
    double squares = 0;
    int longer = 0;
    for (std::size_t i = 1; i < arrivals.size(); ++i)
    {
        const double gap = arrivals[i] - arrivals[i - 1];
        sum += gap;
        squares += gap * gap;
        longer += gap > 0.05 ? 1 : 0;
    }
    const double n = double(arrivals.size() - 1);
    const double mean = sum / n;
    const double sd = std::sqrt(squares / n - mean * mean);
    CHECK(std::abs(mean - 0.05) < 4 * 0.0008);
    CHECK(std::abs(sd / mean - 1.0) < 4 * 0.022);
    CHECK(std::abs(longer / n - std::exp(-1.0)) < 4 * 0.0076);

    std::vector<int> perClass(10, 0);
    double indexSum = 0;
    for (const auto& row : rows)
    {
        ++perClass.at(std::size_t(std::stoi(row.at("label"))));
        indexSum += std::stod(row.at("sample"));
    }
    for (int c = 0; c < 10; ++c)
    {
        INFO("class " << c);
        CHECK(std::abs(perClass[std::size_t(c)] / double(kCount) - 0.1) < 4 * 0.0047);
    }
    CHECK(std::abs(indexSum / kCount - 4999.5) < 4 * 10000 / std::sqrt(12.0 * kCount));
}
