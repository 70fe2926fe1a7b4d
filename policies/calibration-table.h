#ifndef EESIM_POLICIES_CALIBRATION_TABLE_H
#define EESIM_POLICIES_CALIBRATION_TABLE_H

#include "base/key-table.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Accuracy as a step function of one measured quantity (an exit's top-1 probability, a link's
 * SNR in dB): n bins between n + 1 ascending edges, each with the fraction of validation samples
 * answered correctly and how many samples that fraction rests on. Bin i holds
 * edges[i] <= x < edges[i + 1]; the last bin also holds its upper edge.
 */
class CalibrationTable
{
  public:
    /** An empty table (no bins); only useful as a placeholder to assign to. */
    CalibrationTable() = default;
    /**
     * Throws std::invalid_argument whose message starts with the offending field's JSON name
     * (edges, accuracy, count) unless there is at least one bin, the edges are finite and
     * strictly ascending, and there is one accuracy in [0, 1] and one count per bin.
     */
    CalibrationTable(std::vector<double> edges, std::vector<double> accuracy,
                     std::vector<std::uint64_t> counts);

    /**
     * Bins the (value, correct) pairs, takes each bin's fraction correct, then makes the
     * fractions non-decreasing by isotonic regression weighted by the counts: accuracy must
     * rise with confidence and with SNR, and a bin's raw fraction is noisy (a few samples can
     * put it above its neighbour). Empty bins take the value of the nearest non-empty bin below
     * (see IsotonicRegression). Values outside the edges count in the end bins, as Lookup
     * clamps them there.
     */
    static CalibrationTable Build(const std::vector<double>& values,
                                  const std::vector<bool>& correct, std::vector<double> edges);

    /** The accuracy of x's bin; x below or above the edges clamps to the first or last bin,
     *  and NaN reads the first (lowest) bin. */
    double Lookup(double x) const;
    std::size_t BinOf(double x) const;

    const std::vector<double>& Edges() const { return m_edges; }
    const std::vector<double>& Accuracy() const { return m_accuracy; }
    const std::vector<std::uint64_t>& Counts() const { return m_counts; }

    /** {"edges": [...], "accuracy": [...], "count": [...]} */
    nlohmann::json ToJson() const;
    /** The keys of ToJson's object, each required, for base/key-table to check. */
    static const KeyTable& JsonKeys();
    /** The inverse of ToJson, for a value that JsonKeys has checked. Throws
     *  std::invalid_argument("FIELD: what is wrong") for what a key table cannot see: counts that
     *  are not whole ("count/INDEX: ..."), and the constructor's refusals. */
    static CalibrationTable FromJson(const nlohmann::json& value);

  private:
    std::vector<double> m_edges;
    std::vector<double> m_accuracy;
    std::vector<std::uint64_t> m_counts;
};

} // namespace eesim

#endif
