#include "sim/compute/capacity-process.h"

#include "base/error.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace eesim
{

std::size_t
CapacityProcess::IndexAt(double t)
{
    if (m_pieces.empty())
    {
        m_pieces.push_back(NextPiece(nullptr));
    }
    // Generate until a piece starts after t: then both the piece holding t and the next change
    // are known.
    while (m_pieces.back().start <= t)
    {
        m_pieces.push_back(NextPiece(&m_pieces.back()));
    }
    const auto after = std::upper_bound(m_pieces.begin(), m_pieces.end(), t,
                                        [](double time, const Piece& p) { return time < p.start; });
    return std::size_t(std::max<std::ptrdiff_t>(0, (after - m_pieces.begin()) - 1));
}

double
CapacityProcess::FactorAt(double t)
{
    return m_pieces[IndexAt(t)].factor;
}

double
CapacityProcess::NextChangeAfter(double t)
{
    return m_pieces[IndexAt(t) + 1].start;
}

void
CapacityProcess::Forget(double t)
{
    while (m_pieces.size() > 1 && m_pieces[1].start <= t)
    {
        m_pieces.pop_front();
    }
}

CapacityProcess::Piece
ConstantCapacity::NextPiece(const Piece* last)
{
    // A single piece; later calls return one that starts at infinity (never reached).
    return last == nullptr ? Piece{ 0.0, 1.0 }
                           : Piece{ std::numeric_limits<double>::infinity(), 1.0 };
}

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

TraceCapacity::TraceCapacity(std::vector<double> times, std::vector<double> factors,
                             double periodSeconds)
    : m_times(std::move(times))
    , m_factors(std::move(factors))
    , m_period(periodSeconds)
{
}

CapacityProcess::Piece
TraceCapacity::NextPiece(const Piece* /*last*/)
{
    if (m_next == m_times.size())
    {
        m_next = 0;
        m_cycleStart += m_period;
    }
    const Piece piece{ m_cycleStart + m_times[m_next], m_factors[m_next] };
    ++m_next;
    return piece;
}

std::unique_ptr<TraceCapacity>
TraceCapacity::FromFile(const std::string& path, double periodSeconds)
{
    std::ifstream in(path);
    if (!in)
    {
        throw Error(path + ": cannot open the capacity trace");
    }
    std::vector<double> times;
    std::vector<double> factors;
    std::string line;
    int number = 0;
    while (std::getline(in, line))
    {
        ++number;
        if (line.empty() || line.rfind("time_s", 0) == 0)
        {
            continue; // the header
        }
        std::istringstream fields(line);
        double time = 0;
        double factor = 0;
        char comma = 0;
        const std::string where = path + ": line " + std::to_string(number) + ": ";
        if (!(fields >> time >> comma >> factor) || comma != ',')
        {
            throw Error(where + "expected time_s,capacity_factor");
        }
        if (!(factor > 0) || !std::isfinite(factor))
        {
            throw Error(where + "capacity_factor must be positive");
        }
        if ((times.empty() && time != 0) || (!times.empty() && !(time > times.back())))
        {
            throw Error(where + "times must start at 0 and increase");
        }
        times.push_back(time);
        factors.push_back(factor);
    }
    if (times.empty())
    {
        throw Error(path + ": the capacity trace has no rows");
    }
    if (!(periodSeconds > times.back()))
    {
        throw Error(path + ": period_s must be after the last row's time ("
                    + std::to_string(times.back()) + " s)");
    }
    return std::make_unique<TraceCapacity>(std::move(times), std::move(factors), periodSeconds);
}

std::unique_ptr<CapacityProcess>
CapacityProcess::Create(const nlohmann::json& f, std::uint64_t seed)
{
    const std::string model = f["model"];
    if (model == "markov")
    {
        return std::make_unique<MarkovCapacity>(f["factors"].get<std::vector<double>>(),
                                                f["mean_dwell_s"].get<std::vector<double>>(), seed);
    }
    if (model == "lognormal-ar1")
    {
        return std::make_unique<LognormalAr1Capacity>(f["mean_log"], f["volatility"],
                                                      f["correlation_time_s"], f["step_s"], seed);
    }
    if (model == "trace")
    {
        return TraceCapacity::FromFile(f["trace"], f["period_s"]);
    }
    return std::make_unique<ConstantCapacity>();
}

} // namespace eesim
