#include "sim/compute/batch-cost-curve.h"

#include <stdexcept>

namespace eesim
{

namespace
{

/** Entry b of a table is the cost of a batch of b + 1. */
std::vector<std::pair<int, double>>
TablePoints(const std::vector<double>& costs)
{
    std::vector<std::pair<int, double>> points;
    for (std::size_t b = 0; b < costs.size(); ++b)
    {
        points.emplace_back(int(b) + 1, costs[b]);
    }
    return points;
}

} // namespace

BatchCostCurve
BatchCostCurve::Affine(double overhead)
{
    if (!(overhead >= 0.0 && overhead < 1.0))
    {
        throw std::invalid_argument("a batch overhead is a fraction in [0, 1)");
    }
    // Two points make the line: 1 at B = 1, overhead + 2 (1 - overhead) at B = 2.
    return FromPoints({ { 1, 1.0 }, { 2, 2.0 - overhead } });
}

std::string
BatchCostCurve::Problem(const std::vector<std::pair<int, double>>& points)
{
    if (points.empty() || points.front() != std::pair<int, double>(1, 1.0))
    {
        return "a batch of 1 must cost 1 (one request's service time)";
    }
    for (std::size_t i = 1; i < points.size(); ++i)
    {
        if (points[i].first <= points[i - 1].first)
        {
            return "batch sizes must increase";
        }
        if (points[i].second < points[i - 1].second)
        {
            return "a batch of " + std::to_string(points[i].first)
                   + " may not cost less than a smaller one";
        }
    }
    return "";
}

std::string
BatchCostCurve::TableProblem(const std::vector<double>& costs)
{
    return Problem(TablePoints(costs));
}

BatchCostCurve
BatchCostCurve::FromPoints(std::vector<std::pair<int, double>> points)
{
    const std::string problem = Problem(points);
    if (!problem.empty())
    {
        throw std::invalid_argument("batch cost curve: " + problem);
    }
    BatchCostCurve curve;
    curve.m_points = std::move(points);
    return curve;
}

BatchCostCurve
BatchCostCurve::FromTable(const std::vector<double>& costs)
{
    return FromPoints(TablePoints(costs));
}

double
BatchCostCurve::RelativeCost(int batch) const
{
    if (m_points.size() < 2)
    {
        return double(batch);
    }
    // The segment that holds `batch`, or the last one to extend beyond the last point.
    std::size_t upper = 1;
    while (upper + 1 < m_points.size() && m_points[upper].first < batch)
    {
        ++upper;
    }
    const auto& [b0, c0] = m_points[upper - 1];
    const auto& [b1, c1] = m_points[upper];
    return c0 + (c1 - c0) * double(batch - b0) / double(b1 - b0);
}

} // namespace eesim
