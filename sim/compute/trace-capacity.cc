#include "sim/compute/trace-capacity.h"

#include "base/config-path.h"
#include "base/error.h"
#include "base/input-file.h"
#include "base/json-text.h"
#include "sim/compute/capacity-model.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

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

namespace
{

/** The largest trace eesim reads (16 MiB, about a million rows): more rows than any measured
 *  trace, and each row is kept in memory for the whole run. */
constexpr std::uintmax_t kMaxTraceFileBytes = 16U << 20U;

/** `text` without the blanks (spaces, tabs) around it. */
std::string_view
Trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
    {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

/** The field as a finite decimal number: the whole field (blanks around it aside), or throws
 *  eesim::Error("WHERE NAME "FIELD" is not a finite number"). */
double
ParseField(std::string_view field, const std::string& name, const std::string& where)
{
    const std::string_view text = Trim(field);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()
        || !std::isfinite(value))
    {
        // Escaped and cut short, so that any bytes make one short line.
        const std::string shown = nlohmann::json(std::string(text.substr(0, 40)))
                                      .dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
        throw Error(where + name + " " + shown + (text.size() > 40 ? "..." : "")
                    + " is not a finite number");
    }
    return value;
}

} // namespace

std::unique_ptr<TraceCapacity>
TraceCapacity::FromFile(const std::string& path, double periodSeconds)
{
    const std::string text = ReadInputFile(path, kMaxTraceFileBytes, "capacity trace");
    std::vector<double> times;
    std::vector<double> factors;
    std::size_t number = 0;
    for (std::size_t at = 0; at < text.size();)
    {
        const std::size_t newline = std::min(text.find('\n', at), text.size());
        std::string_view line(text.data() + at, newline - at);
        at = newline + 1;
        ++number;
        if (!line.empty() && line.back() == '\r')
        {
            line.remove_suffix(1); // a file written on Windows
        }
        if (Trim(line).empty() || line.rfind("time_s", 0) == 0)
        {
            continue; // the header
        }
        const std::string where = path + ": line " + std::to_string(number) + ": ";
        const auto comma = line.find(',');
        if (comma == std::string_view::npos || line.find(',', comma + 1) != std::string_view::npos)
        {
            throw Error(where + "expected two fields, time_s,capacity_factor");
        }
        const double time = ParseField(line.substr(0, comma), "time_s", where);
        const double factor = ParseField(line.substr(comma + 1), "capacity_factor", where);
        if (!(factor > 0))
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
                    + FormatNumber(times.back()) + " s)");
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
    if (settings.values["trace"] == "")
    {
        problems.push_back({ "trace", "missing (the trace model needs a CSV file)" });
        return nullptr;
    }
    try
    {
        trace = TraceCapacity::FromFile(path, settings.values["period_s"]);
    }
    catch (const Error& e)
    {
        problems.push_back({ "trace", e.what() });
    }
    if (trace)
    {
        CheckCapacityChanges(settings, trace->ChangesPerSecond(), "trace",
                             "its " + std::to_string(trace->Rows()) + " rows every "
                                 + FormatNumber(trace->Period()) + " s (period_s)",
                             problems);
    }
    return [trace](std::uint64_t) { return std::make_unique<TraceCapacity>(*trace); };
}

const Registration<CapacityModel> kRegistration{
    { "trace",
      "factors from a CSV of time_s,capacity_factor rows (times from 0, increasing), each "
      "holding until the next row and the last until period_s, after which the trace repeats",
      {
          keys::Text("trace", "", {},
                     "CSV of time_s,capacity_factor rows (a file of at most 16 MiB, each field a "
                     "finite number), relative to the scenario's folder; its rows per period_s "
                     "may make at most 10 million changes within the run's time limit"),
          keys::Number("period_s", 0, 0, 1e12,
                       "length of one cycle (s), after the last row's time"),
      },
      Load }
};

} // namespace

} // namespace eesim
