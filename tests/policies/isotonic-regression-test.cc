// Pool-adjacent-violators on hand-computed examples.
#include "policies/isotonic-regression.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

void
CheckFit(const std::vector<double>& fitted, const std::vector<double>& expected)
{
    REQUIRE(fitted.size() == expected.size());
    for (std::size_t i = 0; i < fitted.size(); ++i)
    {
        CHECK(fitted[i] == Approx(expected[i]));
    }
}

} // namespace

TEST_CASE("isotonic regression leaves a non-decreasing sequence alone")
{
    CheckFit(IsotonicRegression({ 0.1, 0.2, 0.2, 0.7 }, { 1, 5, 2, 1 }), { 0.1, 0.2, 0.2, 0.7 });
}

TEST_CASE("isotonic regression pools one violating pair into its mean")
{
    CheckFit(IsotonicRegression({ 1, 3, 2, 4 }, { 1, 1, 1, 1 }), { 1, 2.5, 2.5, 4 });
}

TEST_CASE("isotonic regression pools by weight")
{
    // (0.5 x 1 + 0.2 x 3) / 4 = 0.275
    CheckFit(IsotonicRegression({ 0.5, 0.2 }, { 1, 3 }), { 0.275, 0.275 });
}

TEST_CASE("isotonic regression of a fully decreasing sequence is its weighted mean")
{
    // (4 x 1 + 3 x 2 + 2 x 3 + 1 x 4) / 10 = 2
    CheckFit(IsotonicRegression({ 4, 3, 2, 1 }, { 1, 2, 3, 4 }), { 2, 2, 2, 2 });
}

TEST_CASE("isotonic regression merges backwards when a pooled block falls below its neighbour")
{
    // 5, 4 pool to 4.5; then 0 pulls that block to (9 + 0) / 3 = 3, below 3.5: all four pool
    // to (3.5 + 9) / 4 = 3.125.
    CheckFit(IsotonicRegression({ 3.5, 5, 4, 0 }, { 1, 1, 1, 1 }), { 3.125, 3.125, 3.125, 3.125 });
}

TEST_CASE("isotonic regression gives empty entries the value of the nearest weighted one below")
{
    // 0.2 and 0.1 pool to 0.15; the empty entries between take 0.15; 0.9 stays.
    CheckFit(IsotonicRegression({ 0.2, 0.99, 0.1, 0.0, 0.9 }, { 1, 0, 1, 0, 2 }),
             { 0.15, 0.15, 0.15, 0.15, 0.9 });
    // Nothing below: the first weighted value.
    CheckFit(IsotonicRegression({ 0.0, 0.4, 0.6, 0.0 }, { 0, 1, 1, 0 }), { 0.4, 0.4, 0.6, 0.6 });
}

TEST_CASE("isotonic regression rejects bad weights")
{
    CHECK_THROWS_WITH(IsotonicRegression({ 1, 2 }, { 0, 0 }), Catch::Contains("every weight"));
    CHECK_THROWS_WITH(IsotonicRegression({ 1, 2 }, { 1 }), Catch::Contains("2 values but 1"));
    CHECK_THROWS_WITH(IsotonicRegression({ 1, 2 }, { 1, -1 }), Catch::Contains(">= 0"));
}
