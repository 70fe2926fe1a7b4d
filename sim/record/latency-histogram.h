#ifndef EESIM_SIM_RECORD_LATENCY_HISTOGRAM_H
#define EESIM_SIM_RECORD_LATENCY_HISTOGRAM_H

#include <cstdint>
#include <vector>

namespace eesim
{

/**
 * Percentiles of a stream of positive values in fixed memory: logarithmic bins 0.1 % wide from
 * 1 microsecond to 10^13 s (about 350 kB), so a percentile is exact to within 0.1 % of its value
 * (values below a microsecond count in the first bin). The mean and maximum are exact.
 */
class LatencyHistogram
{
  public:
    LatencyHistogram();

    void Add(double seconds);
    std::uint64_t Count() const { return m_count; }
    double Mean() const { return m_count ? m_sum / double(m_count) : 0.0; }
    double Max() const { return m_max; }
    /** The q-quantile (0 < q <= 1), the geometric centre of the bin holding it. */
    double Quantile(double q) const;

  private:
    std::vector<std::uint64_t> m_bins;
    std::uint64_t m_count = 0;
    double m_sum = 0.0;
    double m_max = 0.0;
};

} // namespace eesim

#endif
