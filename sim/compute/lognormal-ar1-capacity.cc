#include "sim/compute/lognormal-ar1-capacity.h"

#include "base/json-text.h"
#include "sim/compute/capacity-model.h"

#include <cmath>

namespace eesim
{

LognormalAr1Capacity::LognormalAr1Capacity(double mu, double sigma, double tauSeconds,
                                           double stepSeconds, std::uint64_t seed)
    : m_mu(mu)
    , m_sigma(sigma)
    , m_rho(std::exp(-stepSeconds / tauSeconds))
    , m_step(stepSeconds)
    , m_random(seed)
    , m_log(mu)
{
}

CapacityProcess::Piece
LognormalAr1Capacity::NextPiece(const Piece* last)
{
    if (last == nullptr)
    {
        return { 0.0, std::exp(m_log) };
    }
    m_log = m_mu + m_rho * (m_log - m_mu)
            + m_sigma * std::sqrt(1 - m_rho * m_rho) * m_random.Normal();
    return { last->start + m_step, std::exp(m_log) };
}

namespace
{

CapacityFactory
Load(const CapacitySettings& settings, std::vector<CapacityProblem>& problems)
{
    const double mu = settings.values["mean_log"];
    const double sigma = settings.values["volatility"];
    const double tau = settings.values["correlation_time_s"];
    const double step = settings.values["step_s"];
    CheckCapacityChanges(settings, 1 / step, "step_s",
                         "steps of " + FormatNumber(step) + " s", problems);
    return [=](std::uint64_t seed)
    { return std::make_unique<LognormalAr1Capacity>(mu, sigma, tau, step, seed); };
}

const Registration<CapacityModel> kRegistration{
    { "lognormal-ar1",
      "log(factor) is an AR(1) process updated every step_s: mean mean_log, stationary "
      "standard deviation volatility, correlation time correlation_time_s (rho = "
      "exp(-step/tau)); starts at the mean",
      {
          keys::Number("mean_log", 0, -10, 10, "mean of log(factor)"),
          keys::Number("volatility", 0.3, 0, 10, "stationary standard deviation of log(factor)"),
          keys::Number("correlation_time_s", 5, 1e-6, 1e9, "correlation time of log(factor) (s)"),
          keys::Number("step_s", 0.1, 1e-6, 1e9,
                       "time between changes (s); the run's time limit over it may come to at "
                       "most 10 million changes"),
      },
      Load }
};

} // namespace

} // namespace eesim
