#include "sim/record/latency-histogram.h"

#include <algorithm>
#include <cmath>

namespace eesim
{

namespace
{
// From a microsecond to beyond any run's simulated time (the time limits stay below 1e12 s), so
// no latency a run can produce is clamped into the last bin.
constexpr double kLowest = 1e-6;
constexpr double kHighest = 1e13;
const double kGrowth = std::log(1.001);

std::size_t
BinCount()
{
    return std::size_t(std::ceil(std::log(kHighest / kLowest) / kGrowth)) + 1;
}
} // namespace

LatencyHistogram::LatencyHistogram()
    : m_bins(BinCount(), 0)
{
}

void
LatencyHistogram::Add(double seconds)
{
    const double clamped = std::clamp(seconds, kLowest, kHighest);
    const auto bin = std::size_t(std::log(clamped / kLowest) / kGrowth);
    ++m_bins[std::min(bin, m_bins.size() - 1)];
    ++m_count;
    m_sum += seconds;
    m_max = std::max(m_max, seconds);
}

double
LatencyHistogram::Quantile(double q) const
{
    if (m_count == 0)
    {
        return 0.0;
    }
    // The smallest value with at least q of the samples at or below it.
    const auto rank = std::uint64_t(std::ceil(q * double(m_count)));
    std::uint64_t seen = 0;
    for (std::size_t bin = 0; bin < m_bins.size(); ++bin)
    {
        seen += m_bins[bin];
        if (seen >= std::max<std::uint64_t>(rank, 1))
        {
            return std::min(m_max, kLowest * std::exp((double(bin) + 0.5) * kGrowth));
        }
    }
    return m_max;
}

} // namespace eesim
