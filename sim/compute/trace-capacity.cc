#include "sim/compute/trace-capacity.h"

#include "base/config-path.h"
#include "base/error.h"
#include "sim/compute/capacity-model.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace eesim
{

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

namespace
{

/** Reads the trace once, when the scenario loads; every node run starts from a copy of the
 *  process as read (nothing generated yet). */
CapacityFactory
Load(const CapacitySettings& settings, std::vector<CapacityProblem>& problems)
{
    const std::string path = ResolveBeside(settings.scenarioFile, settings.values["trace"]);
    std::shared_ptr<const TraceCapacity> trace;
    try
    {
        trace = TraceCapacity::FromFile(path, settings.values["period_s"]);
    }
    catch (const Error& e)
    {
        problems.push_back({ "trace", e.what() });
    }
    return [trace](std::uint64_t) { return std::make_unique<TraceCapacity>(*trace); };
}

const Registration<CapacityModel> kRegistration{
    { "trace",
      "factors from a CSV of time_s,capacity_factor rows (times from 0, increasing), each "
      "holding until the next row and the last until period_s, after which the trace repeats",
      {
          keys::Text("trace", "", {},
                     "CSV of time_s,capacity_factor rows, relative to the scenario's folder"),
          keys::Number("period_s", 0, 0, 1e12,
                       "length of one cycle (s), after the last row's time"),
      },
      Load }
};

} // namespace

} // namespace eesim
