#ifndef EESIM_POLICIES_ISOTONIC_REGRESSION_H
#define EESIM_POLICIES_ISOTONIC_REGRESSION_H

#include <vector>

namespace eesim
{

/**
 * Weighted isotonic regression by pool-adjacent-violators: the non-decreasing sequence closest
 * to `values` in weighted least squares. Adjacent entries that decrease are pooled into their
 * weighted mean until none do.
 *
 * Entries of weight 0 (empty calibration bins) carry no evidence: they take the fitted value of
 * the nearest weighted entry below them, the lower bound monotonicity guarantees, or of the
 * first weighted entry when there is none below. Weights must be non-negative, at least one
 * positive; otherwise std::invalid_argument.
 */
std::vector<double> IsotonicRegression(const std::vector<double>& values,
                                       const std::vector<double>& weights);

} // namespace eesim

#endif
