// The trace capacity model: exact service-time integration over a hand-built trace, the CSV
// reader (strict numbers, bounded files), and the registered model's file handling and its
// bound on changes of factor.
#include "sim/compute/compute-queue.h"
#include "sim/compute/trace-capacity.h"
#include "tests/sim/compute/capacity-test-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

using namespace eesim;

TEST_CASE("service time integrates exactly over a trace, across its loop")
{
    // Factor 1 on [0,1), 0.5 on [1,2), 2 on [2,3), then again from 3.
    ComputeQueue queue(1.0, std::make_unique<TraceCapacity>(std::vector<double>{ 0, 1, 2 },
                                                            std::vector<double>{ 1, 0.5, 2 }, 3));
    // 2 GFLOP from 0.5 s: 0.5 in [0.5,1), 0.5 in [1,2), the last 1 at 2 GFLOP/s: ends at 2.5 s.
    CHECK(queue.FinishTime(0.5, 2'000'000'000) == Approx(2.5));
    // 3 GFLOP from 2.5 s: 1 in [2.5,3), 1 in [3,4), 0.5 in [4,5), 0.5 at 2 GFLOP/s: 5.25 s.
    CHECK(queue.FinishTime(2.5, 3'000'000'000) == Approx(5.25));
    // Within one piece it is plain division.
    CHECK(queue.FinishTime(2.0, 1'000'000'000) == Approx(2.5));
}

TEST_CASE("a trace file is read, and malformed ones are refused with the line")
{
    test::TempDir dir;
    std::ofstream(dir.File("t.csv")) << "time_s,capacity_factor\n0,1\n10,0.25\n";
    auto trace = TraceCapacity::FromFile(dir.File("t.csv"), 20);
    CHECK(trace->FactorAt(15) == 0.25);
    CHECK(trace->FactorAt(25) == 1.0); // looped
    CHECK(trace->NextChangeAfter(25) == Approx(30));
    std::ofstream(dir.File("bad.csv")) << "0,1\n5,-2\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("bad.csv"), 10),
                      Catch::Contains("bad.csv: line 2: capacity_factor must be positive"));
    std::ofstream(dir.File("order.csv")) << "0,1\n5,2\n3,1\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("order.csv"), 10),
                      Catch::Contains("line 3: times must start at 0 and increase"));
    std::ofstream(dir.File("late.csv")) << "1,1\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("late.csv"), 10),
                      Catch::Contains("line 1: times must start at 0 and increase"));
    std::ofstream(dir.File("empty.csv")) << "time_s,capacity_factor\n";
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("empty.csv"), 10),
                      Catch::Contains("empty.csv: the capacity trace has no rows"));
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("t.csv"), 5),
                      Catch::Contains("period_s must be after the last row"));
}

TEST_CASE("trace: the registered model reads the file beside the scenario, once")
{
    test::TempDir dir;
    std::ofstream(dir.File("load.csv")) << "time_s,capacity_factor\n0,1\n2,0.5\n";
    const test::LoadedCapacity loaded = test::LoadCapacity(
        { { "model", "trace" }, { "trace", "load.csv" }, { "period_s", 4 } }, dir.File("s.json"));
    REQUIRE(loaded.problems.empty());
    std::remove(dir.File("load.csv").c_str()); // read at load time: the runs do not need it
    auto first = loaded.factory(1);
    auto second = loaded.factory(2); // a fresh process, from the start of the trace
    const std::vector<std::pair<double, double>> expected{
        { 0, 1 }, { 2, 0.5 }, { 4, 1 }, { 6, 0.5 }
    };
    CHECK(test::Pieces(*first, 8) == expected);
    CHECK(test::Pieces(*second, 8) == expected);
}

TEST_CASE("trace: a missing or malformed file is a problem of the trace key")
{
    test::TempDir dir;
    const test::LoadedCapacity missing = test::LoadCapacity(
        { { "model", "trace" }, { "trace", "absent.csv" }, { "period_s", 4 } }, dir.File("s.json"));
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].key == "trace");
    CHECK(missing.problems[0].what == dir.File("absent.csv") + ": cannot open");
    std::ofstream(dir.File("short.csv")) << "0,1\n3,2\n";
    const test::LoadedCapacity early = test::LoadCapacity(
        { { "model", "trace" }, { "trace", "short.csv" }, { "period_s", 3 } }, dir.File("s.json"));
    REQUIRE(early.problems.size() == 1);
    CHECK_THAT(early.problems[0].what, Catch::Contains("period_s must be after the last row"));
}

TEST_CASE("a trace row is refused, with its line, unless it is two finite numbers in full")
{
    test::TempDir dir;
    const std::vector<std::pair<std::string, std::string>> cases = {
        { "0,1\n1,0.5abc\n", "line 2: capacity_factor \"0.5abc\" is not a finite number" },
        { "0,1\n1e999,1\n", "line 2: time_s \"1e999\" is not a finite number" },
        { "nan,1\n", "line 1: time_s \"nan\" is not a finite number" },
        { "0,inf\n", "line 1: capacity_factor \"inf\" is not a finite number" },
        { "0,0x10\n", "line 1: capacity_factor \"0x10\" is not a finite number" },
        { "0,1\n,1\n", "line 2: time_s \"\" is not a finite number" },
        { "0,1\n1,2,3\n", "line 2: expected two fields, time_s,capacity_factor" },
        { "0;1\n", "line 1: expected two fields, time_s,capacity_factor" },
        { std::string("0,1\n1,\x01\xff\n", 9), "line 2: capacity_factor \"\\u0001\\ufffd\" is not" },
    };
    for (const auto& [text, message] : cases)
    {
        INFO(text);
        std::ofstream(dir.File("t.csv"), std::ios::binary) << text;
        CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("t.csv"), 10),
                          Catch::Contains(dir.File("t.csv") + ": " + message));
    }
    // Blanks around a field and Windows line ends are fine.
    std::ofstream(dir.File("ok.csv"), std::ios::binary) << "time_s,capacity_factor\r\n 0 , 1 \r\n2,\t0.5\r\n";
    auto trace = TraceCapacity::FromFile(dir.File("ok.csv"), 4);
    CHECK(trace->FactorAt(3) == 0.5);
    CHECK(trace->Rows() == 2);
}

TEST_CASE("a trace that is a device or larger than 16 MiB is refused before it is read")
{
    test::TempDir dir;
    CHECK_THROWS_WITH(TraceCapacity::FromFile("/dev/zero", 10), "/dev/zero: not a regular file");
    CHECK_THROWS_WITH(TraceCapacity::FromFile("/dev/urandom", 10),
                      "/dev/urandom: not a regular file");
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.Path(), 10),
                      dir.Path() + ": is a folder, not a file");
    std::ofstream(dir.File("big.csv")) << "0,1\n";
    std::filesystem::resize_file(dir.File("big.csv"), (16U << 20U) + 1); // sparse: nothing written
    CHECK_THROWS_WITH(TraceCapacity::FromFile(dir.File("big.csv"), 10),
                      dir.File("big.csv")
                          + ": 16777217 bytes, more than the 16777216 a capacity trace may have");
}

TEST_CASE("trace: rows that change the factor more often than a run affords are refused")
{
    test::TempDir dir;
    std::ofstream(dir.File("fast.csv")) << "0,1\n0.000001,0.5\n0.000002,0.25\n";
    const nlohmann::json fluctuation
        = { { "model", "trace" }, { "trace", "fast.csv" }, { "period_s", 3e-6 } };
    // 3 rows every 3 us: a million changes per second, ten million in 10 s.
    CHECK(test::LoadCapacity(fluctuation, dir.File("s.json"), 9).problems.empty());
    const test::LoadedCapacity loaded = test::LoadCapacity(fluctuation, dir.File("s.json"), 561);
    REQUIRE(loaded.problems.size() == 1);
    CHECK(loaded.problems[0].key == "trace");
    CHECK_THAT(loaded.problems[0].what,
               Catch::StartsWith("its 3 rows every 3e-06 s (period_s) make about 5")
                   && Catch::Contains("capacity changes within the run's time limit of 561 s, more "
                                      "than the 10000000 a node's fluctuation may make"));
}
