#include "sim/compute/markov-capacity.h"

#include "base/json-text.h"
#include "sim/compute/capacity-model.h"

#include <cmath>
#include <limits>

namespace eesim
{

MarkovCapacity::MarkovCapacity(std::vector<double> factors, std::vector<double> meanDwellSeconds,
                               std::uint64_t seed)
    : m_factors(std::move(factors))
    , m_meanDwell(std::move(meanDwellSeconds))
    , m_random(seed)
{
}

CapacityProcess::Piece
MarkovCapacity::NextPiece(const Piece* last)
{
    if (last != nullptr && m_factors.size() > 1)
    {
        // Uniformly among the other states.
        const auto offset = 1 + m_random.Below(m_factors.size() - 1);
        m_state = (m_state + offset) % m_factors.size();
    }
    const Piece piece{ m_nextStart, m_factors[m_state] };
    const double dwell = -std::log(1.0 - double(m_random.Uniform())) * m_meanDwell[m_state];
    m_nextStart += m_factors.size() > 1 ? dwell : std::numeric_limits<double>::infinity();
    return piece;
}

namespace
{

CapacityFactory
Load(const CapacitySettings& settings, std::vector<CapacityProblem>& problems)
{
    const auto factors = settings.values["factors"].get<std::vector<double>>();
    const auto dwell = settings.values["mean_dwell_s"].get<std::vector<double>>();
    if (factors.size() != dwell.size())
    {
        problems.push_back({ "", "factors and mean_dwell_s need one entry per state ("
                                     + std::to_string(factors.size()) + " and "
                                     + std::to_string(dwell.size()) + ")" });
    }
    else if (factors.size() > 1)
    {
        // Each state is entered equally often in the long run (the next one is drawn uniformly
        // among the others), so the chain changes once per mean dwell time on average.
        double mean = 0;
        for (double d : dwell)
        {
            mean += d / double(dwell.size());
        }
        CheckCapacityChanges(settings, 1 / mean, "mean_dwell_s",
                             "mean dwell times of " + FormatNumber(mean) + " s on average",
                             problems);
    }
    return [factors, dwell](std::uint64_t seed)
    { return std::make_unique<MarkovCapacity>(factors, dwell, seed); };
}

const Registration<CapacityModel> kRegistration{
    { "markov",
      "a continuous-time Markov chain over states, each with a capacity factor and an "
      "exponential dwell time; on leaving a state the next one is drawn uniformly among the "
      "others; starts in the first state",
      {
          keys::NumberList("factors", { 1.0, 0.5 }, 1e-6, 1e6, "capacity factor of each state"),
          keys::NumberList("mean_dwell_s", { 10.0, 10.0 }, 1e-6, 1e9,
                           "mean (exponential) time in each state (s); the run's time limit "
                           "over their average may come to at most 10 million changes"),
      },
      Load }
};

} // namespace

} // namespace eesim
