#include "policies/calibration-table.h"

#include "base/json-text.h"
#include "policies/isotonic-regression.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace eesim
{

namespace
{

void
CheckEdges(const std::vector<double>& edges, std::size_t bins)
{
    if (edges.size() < 2)
    {
        throw std::invalid_argument("edges: expected at least 2 numbers (one bin), got "
                                    + std::to_string(edges.size()));
    }
    if (edges.size() != bins + 1)
    {
        throw std::invalid_argument("edges: expected " + std::to_string(bins + 1)
                                    + " numbers, one more than the " + std::to_string(bins)
                                    + " accuracy values, got " + std::to_string(edges.size()));
    }
    for (std::size_t i = 0; i < edges.size(); ++i)
    {
        if (!std::isfinite(edges[i]))
        {
            throw std::invalid_argument("edges: expected finite numbers, got "
                                        + FormatNumber(edges[i]));
        }
        if (i > 0 && !(edges[i] > edges[i - 1]))
        {
            throw std::invalid_argument(
                "edges: expected strictly ascending numbers, got " + FormatNumber(edges[i])
                + " after " + FormatNumber(edges[i - 1]) + " (index " + std::to_string(i) + ")");
        }
    }
}

} // namespace

CalibrationTable::CalibrationTable(std::vector<double> edges, std::vector<double> accuracy,
                                   std::vector<std::uint64_t> counts)
    : m_edges(std::move(edges))
    , m_accuracy(std::move(accuracy))
    , m_counts(std::move(counts))
{
    CheckEdges(m_edges, m_accuracy.size());
    for (std::size_t i = 0; i < m_accuracy.size(); ++i)
    {
        if (!(m_accuracy[i] >= 0.0 && m_accuracy[i] <= 1.0))
        {
            throw std::invalid_argument("accuracy: expected values from 0 to 1, got "
                                        + FormatNumber(m_accuracy[i]) + " (index "
                                        + std::to_string(i) + ")");
        }
    }
    if (m_counts.size() != m_accuracy.size())
    {
        throw std::invalid_argument("count: expected " + std::to_string(m_accuracy.size())
                                    + " counts, one per bin, got "
                                    + std::to_string(m_counts.size()));
    }
}

CalibrationTable
CalibrationTable::Build(const std::vector<double>& values, const std::vector<bool>& correct,
                        std::vector<double> edges)
{
    if (values.size() != correct.size() || values.empty())
    {
        throw std::invalid_argument("calibration table: expected one or more (value, correct) "
                                    "pairs, got "
                                    + std::to_string(values.size()) + " values and "
                                    + std::to_string(correct.size()) + " outcomes");
    }
    const std::size_t bins = edges.size() < 2 ? 0 : edges.size() - 1;
    // Shapes first, with placeholder accuracies, so binning may trust the edges.
    CalibrationTable table(std::move(edges), std::vector<double>(bins, 0.0),
                           std::vector<std::uint64_t>(bins, 0));
    std::vector<double> right(bins, 0.0);
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (!std::isfinite(values[i]))
        {
            throw std::invalid_argument("calibration table: values must be finite, got "
                                        + FormatNumber(values[i]));
        }
        const std::size_t bin = table.BinOf(values[i]);
        ++table.m_counts[bin];
        right[bin] += correct[i] ? 1.0 : 0.0;
    }
    std::vector<double> weights(bins);
    for (std::size_t b = 0; b < bins; ++b)
    {
        weights[b] = double(table.m_counts[b]);
        right[b] = table.m_counts[b] > 0 ? right[b] / weights[b] : 0.0;
    }
    table.m_accuracy = IsotonicRegression(right, weights);
    return table;
}

std::size_t
CalibrationTable::BinOf(double x) const
{
    if (m_accuracy.empty())
    {
        throw std::logic_error("lookup in an empty calibration table");
    }
    if (std::isnan(x))
    {
        return 0;
    }
    const auto above = std::upper_bound(m_edges.begin(), m_edges.end(), x);
    const std::ptrdiff_t bin = (above - m_edges.begin()) - 1;
    return std::size_t(std::clamp<std::ptrdiff_t>(bin, 0, std::ptrdiff_t(m_accuracy.size()) - 1));
}

double
CalibrationTable::Lookup(double x) const
{
    return m_accuracy[BinOf(x)];
}

nlohmann::json
CalibrationTable::ToJson() const
{
    return { { "edges", m_edges }, { "accuracy", m_accuracy }, { "count", m_counts } };
}

const KeyTable&
CalibrationTable::JsonKeys()
{
    // Types only: FromJson and the constructor check the values, naming the element at fault
    // (a key table's range check names the list, not the element).
    static const KeyTable keys = []
    {
        KeyTable table = {
            keys::NumberList("edges", {}, -1e300, 1e300, "bin edges, strictly ascending"),
            keys::NumberList("accuracy", {}, -1e300, 1e300, "fraction correct in each bin"),
            keys::NumberList("count", {}, -1e300, 1e300, "validation samples in each bin"),
        };
        for (KeySpec& key : table)
        {
            key.defaultValue = nullptr; // required
        }
        return table;
    }();
    return keys;
}

CalibrationTable
CalibrationTable::FromJson(const nlohmann::json& value)
{
    std::vector<std::uint64_t> counts;
    const nlohmann::json& count = value.at("count");
    for (std::size_t i = 0; i < count.size(); ++i)
    {
        const double n = count[i].get<double>();
        if (n != std::floor(n) || !(n >= 0.0 && n <= 1e18))
        {
            throw std::invalid_argument("count/" + std::to_string(i)
                                        + ": expected a whole number >= 0, got " + FormatNumber(n));
        }
        counts.push_back(std::uint64_t(n));
    }
    return CalibrationTable(value.at("edges").get<std::vector<double>>(),
                            value.at("accuracy").get<std::vector<double>>(), std::move(counts));
}

} // namespace eesim
