// The determinism matrix, through the executable as a user runs it: the same scenario and seed
// give byte-identical outputs from separate processes, whatever the order of the --set options;
// another seed draws other images at other times.
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <vector>

using namespace eesim;
using namespace eesim::test;

namespace
{

const std::string kQuickstart = std::string(EESIM_SOURCE_DIR) + "/scenarios/quickstart.json";

/** Runs the quickstart scenario with `options` into `folder`; requires success. */
void
RunInto(const std::string& folder, const std::string& options)
{
    const Result result = Run("run " + kQuickstart + " --quiet --out " + folder + " " + options);
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
}

/** Columns of requests.csv by request id. */
std::map<std::string, std::map<std::string, std::string>>
RowsById(const std::string& path)
{
    std::istringstream csv(ReadFile(path));
    std::string line;
    std::getline(csv, line);
    std::vector<std::string> header;
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');)
    {
        header.push_back(field);
    }
    std::map<std::string, std::map<std::string, std::string>> rows;
    while (std::getline(csv, line))
    {
        std::map<std::string, std::string> row;
        std::istringstream values(line);
        std::string value;
        for (const auto& column : header)
        {
            std::getline(values, value, ',');
            row[column] = value;
        }
        rows[row["request"]] = row;
    }
    return rows;
}

} // namespace

TEST_CASE("one seed gives byte-identical requests.csv and summary.json in separate processes")
{
    TempDir dir;
    RunInto(dir.File("a"), "--set requests.count=30");
    RunInto(dir.File("b"), "--set requests.count=30");
    const std::string csv = ReadFile(dir.File("a/requests.csv"));
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 31);
    CHECK(csv == ReadFile(dir.File("b/requests.csv")));
    CHECK(ReadFile(dir.File("a/summary.json")) == ReadFile(dir.File("b/summary.json")));
}

TEST_CASE("the order of the set options does not change the outputs")
{
    TempDir dir;
    const std::string count = "--set requests.count=30";
    const std::string rate = "--set requests.rate_per_s=40";
    const std::string position = "--set 'nodes.0.position_m=[25,0,0]'";
    const std::string encoding = "--set transport.encoding=float16";
    RunInto(dir.File("a"), count + " " + rate + " " + position + " " + encoding);
    RunInto(dir.File("b"), encoding + " " + position + " " + rate + " " + count);
    CHECK(ReadFile(dir.File("a/requests.csv")) == ReadFile(dir.File("b/requests.csv")));
    const std::string summary = ReadFile(dir.File("a/summary.json"));
    CHECK(summary == ReadFile(dir.File("b/summary.json")));
    // The options did take effect, in the requests themselves (not only in the scenario hash):
    // float16 features are 16x14x14x2 = 6,272 bytes plus 16 of framing (float32: 12,560), and
    // 30 arrivals at 40/s span about half the time they span at the scenario's 20/s.
    RunInto(dir.File("c"), count);
    const auto withOptions = RowsById(dir.File("a/requests.csv"));
    const auto without = RowsById(dir.File("c/requests.csv"));
    auto lastArrival = [](const auto& rows)
    {
        double last = 0;
        for (const auto& [id, row] : rows)
        {
            last = std::max(last, std::stod(row.at("arrival_s")));
        }
        return last;
    };
    int sent = 0;
    for (const auto& [id, row] : withOptions)
    {
        if (row.at("transmitted") == "1")
        {
            ++sent;
            CHECK(row.at("feature_bytes") == "6288");
        }
    }
    for (const auto& [id, row] : without)
    {
        if (row.at("transmitted") == "1")
        {
            CHECK(row.at("feature_bytes") == "12560");
        }
    }
    CHECK(sent > 0);
    CHECK(lastArrival(withOptions) < 0.75 * lastArrival(without));
}

TEST_CASE("another seed draws other images at other arrival times")
{
    TempDir dir;
    RunInto(dir.File("a"), "--set requests.count=30 --seed 1");
    RunInto(dir.File("b"), "--set requests.count=30 --seed 2");
    const auto a = RowsById(dir.File("a/requests.csv"));
    const auto b = RowsById(dir.File("b/requests.csv"));
    REQUIRE(a.size() == 30);
    REQUIRE(b.size() == 30);
    int sameSample = 0;
    int sameArrival = 0;
    for (const auto& [id, row] : a)
    {
        REQUIRE(b.count(id) == 1);
        sameSample += row.at("sample") == b.at(id).at("sample") ? 1 : 0;
        sameArrival += row.at("arrival_s") == b.at(id).at("arrival_s") ? 1 : 0;
    }
    // Images are drawn from 10,000 and arrivals are Poisson: a coincidence or two at most.
    CHECK(sameSample <= 2);
    CHECK(sameArrival == 0);
}
