// What a batch costs: no gain by default, a fixed overhead, and measured points read between
// and beyond; malformed curves named.
#include "sim/compute/batch-cost-curve.h"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace eesim;

TEST_CASE("batch cost: by default a batch of B costs B single samples")
{
    const BatchCostCurve linear;
    CHECK(linear.RelativeCost(1) == 1.0);
    CHECK(linear.RelativeCost(7) == 7.0);
}

TEST_CASE("batch cost: a fixed overhead makes a batch of B cost overhead + (1 - overhead) B")
{
    const BatchCostCurve gpu = BatchCostCurve::Affine(0.8);
    CHECK(gpu.RelativeCost(1) == Approx(1.0));
    CHECK(gpu.RelativeCost(2) == Approx(1.2));
    CHECK(gpu.RelativeCost(8) == Approx(0.8 + 0.2 * 8));
    CHECK_THROWS_AS(BatchCostCurve::Affine(1.0), std::invalid_argument);
    CHECK_THROWS_AS(BatchCostCurve::Affine(-0.1), std::invalid_argument);
}

TEST_CASE("batch cost: measured points are interpolated and extended along the last segment")
{
    const BatchCostCurve curve = BatchCostCurve::FromPoints({ { 1, 1.0 }, { 4, 2.5 }, { 8, 4.5 } });
    CHECK(curve.RelativeCost(1) == Approx(1.0));
    CHECK(curve.RelativeCost(2) == Approx(1.5)); // a third of the way from 1 to 4
    CHECK(curve.RelativeCost(4) == Approx(2.5));
    CHECK(curve.RelativeCost(6) == Approx(3.5));
    CHECK(curve.RelativeCost(16) == Approx(8.5)); // 0.5 per sample beyond 8, as from 4 to 8
    const BatchCostCurve table = BatchCostCurve::FromTable({ 1.0, 1.25, 1.5 });
    CHECK(table.RelativeCost(3) == Approx(1.5));
}

TEST_CASE("batch cost: a curve not starting at cost 1, or with a cheaper bigger batch, is refused")
{
    CHECK(BatchCostCurve::TableProblem({ 1.0, 1.5, 2.0 }).empty());
    CHECK(BatchCostCurve::TableProblem({ 2.0, 3.0 })
          == "a batch of 1 must cost 1 (one request's service time)");
    CHECK(BatchCostCurve::TableProblem({ 1.0, 1.8, 1.7 })
          == "a batch of 3 may not cost less than a smaller one");
    CHECK(BatchCostCurve::Problem({ { 1, 1.0 }, { 4, 2.0 }, { 3, 2.5 } })
          == "batch sizes must increase");
    CHECK_THROWS_AS(BatchCostCurve::FromTable({ 1.0, 0.5 }), std::invalid_argument);
}
