// Calibration tables built from crafted (value, correct) pairs.
#include "policies/calibration-table.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace eesim;

TEST_CASE("a calibration table holds each bin's fraction correct, pooled to be non-decreasing")
{
    // Bin [0, 0.5): 2 of 4 right = 0.5. Bin [0.5, 0.8): 2 of 5 = 0.4, a violation: the two
    // pool to (2 + 2) / 9. Bin [0.8, 1]: 2 of 2 (1.0 is the last bin's upper edge).
    const auto table = CalibrationTable::Build(
        { 0.1, 0.3, 0.4, 0.45, 0.5, 0.6, 0.65, 0.7, 0.75, 0.9, 1.0 },
        { true, false, false, true, true, true, false, false, false, true, true },
        { 0.0, 0.5, 0.8, 1.0 });
    CHECK(table.Counts() == std::vector<std::uint64_t>{ 4, 5, 2 });
    CHECK(table.Accuracy()[0] == Approx(4.0 / 9));
    CHECK(table.Accuracy()[1] == Approx(4.0 / 9));
    CHECK(table.Accuracy()[2] == Approx(1.0));
}

TEST_CASE("a calibration table that is already monotone keeps its raw fractions")
{
    const auto table = CalibrationTable::Build(
        { -3, -2, 5, 6, 7, 20 }, { false, false, true, false, true, true }, { -5, 0, 10, 25 });
    CHECK(table.Accuracy() == std::vector<double>{ 0.0, 2.0 / 3, 1.0 });
}

TEST_CASE("calibration table lookups clamp outside the edges")
{
    const CalibrationTable table({ -5, 0, 10, 25 }, { 0.2, 0.7, 0.9 }, { 10, 10, 10 });
    CHECK(table.Lookup(-100) == 0.2);
    CHECK(table.Lookup(-5) == 0.2);
    CHECK(table.Lookup(-0.001) == 0.2);
    CHECK(table.Lookup(0) == 0.7); // an inner edge belongs to the bin above
    CHECK(table.Lookup(25) == 0.9);
    CHECK(table.Lookup(1e9) == 0.9);
    CHECK(table.Lookup(std::nan("")) == 0.2);
}

TEST_CASE("calibration table building counts samples outside the edges in the end bins")
{
    const auto table
        = CalibrationTable::Build({ -1.0, 0.25, 1.5, 2.0 }, { false, true, true, true }, { 0, 1 });
    CHECK(table.Counts() == std::vector<std::uint64_t>{ 4 });
    CHECK(table.Accuracy()[0] == Approx(0.75));
}

TEST_CASE("an empty calibration bin takes the accuracy of the bin below")
{
    const auto table = CalibrationTable::Build({ 0.1, 0.2, 0.6, 0.9 }, { true, false, true, true },
                                               { 0, 0.25, 0.5, 0.75, 1 });
    CHECK(table.Counts() == std::vector<std::uint64_t>{ 2, 0, 1, 1 });
    CHECK(table.Accuracy() == std::vector<double>{ 0.5, 0.5, 1.0, 1.0 });
}

TEST_CASE("calibration tables from noisy samples are non-decreasing")
{
    // 40 narrow bins over a rising true accuracy, ~25 samples each: raw fractions zig-zag.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<double> values;
    std::vector<bool> correct;
    for (int i = 0; i < 1000; ++i)
    {
        values.push_back(uniform(rng));
        correct.push_back(uniform(rng) < 0.3 + 0.6 * values.back());
    }
    std::vector<double> edges;
    for (int b = 0; b <= 40; ++b)
    {
        edges.push_back(b / 40.0);
    }
    const auto table = CalibrationTable::Build(values, correct, edges);
    for (std::size_t b = 1; b < table.Accuracy().size(); ++b)
    {
        CHECK(table.Accuracy()[b] >= table.Accuracy()[b - 1]);
    }
    CHECK(table.Accuracy().front() < 0.5);
    CHECK(table.Accuracy().back() > 0.7);
}

TEST_CASE("calibration tables reject bad shapes")
{
    CHECK_THROWS_WITH(CalibrationTable({ 0, 1, 2 }, { 0.5 }, { 1 }),
                      "edges: expected 2 numbers, one more than the 1 accuracy values, got 3");
    CHECK_THROWS_WITH(CalibrationTable({ 0 }, {}, {}), Catch::Contains("at least 2 numbers"));
    CHECK_THROWS_WITH(CalibrationTable({ 0, 1, 1 }, { 0.5, 0.6 }, { 1, 1 }),
                      Catch::Contains("edges: expected strictly ascending numbers, got 1 after 1"));
    CHECK_THROWS_WITH(CalibrationTable({ 0, 1 }, { 1.2 }, { 1 }),
                      Catch::Contains("accuracy: expected values from 0 to 1, got 1.2"));
    CHECK_THROWS_WITH(CalibrationTable({ 0, 1 }, { 0.5 }, {}),
                      Catch::Contains("count: expected 1 counts"));
    CHECK_THROWS_WITH(CalibrationTable::Build({ 0.5 }, { true, false }, { 0, 1 }),
                      Catch::Contains("1 values and 2 outcomes"));
}
