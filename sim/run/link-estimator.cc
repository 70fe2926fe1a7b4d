#include "sim/run/link-estimator.h"

namespace eesim
{

LinkEstimator::LinkEstimator(const MultiExitModel& model, const CostModel& costs,
                             std::vector<ComputeQueue>& compute, const LinkChannels& channels,
                             FeatureEncoding encoding)
    : m_model(model)
    , m_costs(costs)
    , m_compute(compute)
    , m_channels(channels)
    , m_encoding(encoding)
{
}

double
LinkEstimator::TransferSecondsEstimate(int from, int to, std::uint64_t bytes) const
{
    constexpr double kInitialGoodput = 100e6 / 8;
    const auto it = m_goodput.find({ from, to });
    return double(bytes) / (it == m_goodput.end() ? kInitialGoodput : it->second);
}

void
LinkEstimator::ObserveTransfer(int from, int to, std::uint64_t bytes, double seconds)
{
    constexpr double kWeight = 0.2; // of the newest measurement
    if (seconds <= 0)
    {
        return;
    }
    const double goodput = double(bytes) / seconds;
    auto [it, inserted] = m_goodput.emplace(std::make_pair(from, to), goodput);
    if (!inserted)
    {
        it->second = (1 - kWeight) * it->second + kWeight * goodput;
    }
}

double
LinkEstimator::NextExitSecondsEstimate(int node, int next, std::size_t segment)
{
    ComputeQueue& here = m_compute[std::size_t(node)];
    ComputeQueue& there = m_compute[std::size_t(next)];
    const std::uint64_t flops = m_costs.StageFlops(segment, next);
    double seconds = there.BacklogSeconds() + there.ServiceSeconds(flops);
    if (next != node)
    {
        // What crosses the link: the bottleneck's symbols, or the segment output.
        const std::size_t elements = m_model.LinkShape(segment - 1).Count();
        const std::uint64_t bytes = FeatureCodec::EncodedBytes(m_encoding, elements);
        seconds += (m_channels.CarriesSymbols(node, next)
                        ? double(elements) / m_channels.SymbolRate(node, next)
                        : TransferSecondsEstimate(node, next, bytes))
                   + here.ServiceSeconds(m_costs.ScaledFlops(m_model.EncoderFlops(segment - 1)))
                   + there.ServiceSeconds(m_costs.ScaledFlops(m_model.DecoderFlops(segment - 1)));
    }
    return seconds;
}

} // namespace eesim
