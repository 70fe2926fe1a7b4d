#ifndef EESIM_POLICIES_LOGISTIC_MODEL_H
#define EESIM_POLICIES_LOGISTIC_MODEL_H

#include "base/key-table.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/** How LogisticModel::Fit minimises its loss. */
struct LogisticFitOptions
{
    /** lambda of the penalty lambda/2 ||w||^2 added to the mean log-loss (bias not penalised).
     *  It keeps the weights finite when the classes are separable. */
    double l2 = 1e-3;
    int maxIterations = 100;
    /** Stop when no standardized parameter moves by more than this in a Newton step. */
    double tolerance = 1e-10;
};

/**
 * Logistic regression, p(y = 1 | x) = sigmoid(w . z + b), on standardized features
 * z_j = (x_j - mean_j) / scale_j. Standardizing makes one L2 strength fit features of very
 * different units (a probability and an SNR in dB) and keeps the Newton system well conditioned.
 */
class LogisticModel
{
  public:
    LogisticModel() = default;
    /** Throws std::invalid_argument whose message starts with the offending field's JSON name
     *  (features-sized arrays must agree in length; scales must be > 0; all finite). */
    LogisticModel(std::vector<double> mean, std::vector<double> scale, std::vector<double> weights,
                  double bias);

    /**
     * Fits by Newton's method (iteratively reweighted least squares) with a backtracking line
     * search on the penalised mean log-loss. Deterministic: no random start, no sample order.
     * labels[i] is 0 or 1; both classes must occur. Features with zero spread get scale 1.
     */
    static LogisticModel Fit(const std::vector<std::vector<double>>& samples,
                             const std::vector<int>& labels,
                             const LogisticFitOptions& options = LogisticFitOptions());

    /** p(y = 1 | features); throws std::invalid_argument when the feature count differs. */
    double Probability(const std::vector<double>& features) const;

    std::size_t FeatureCount() const { return m_weights.size(); }
    const std::vector<double>& Mean() const { return m_mean; }
    const std::vector<double>& Scale() const { return m_scale; }
    /** Weights of the standardized features. */
    const std::vector<double>& Weights() const { return m_weights; }
    double Bias() const { return m_bias; }

    /** {"mean": [...], "scale": [...], "weights": [...], "bias": b} */
    nlohmann::json ToJson() const;
    /** The keys of ToJson's object, each required, for base/key-table to check. */
    static const KeyTable& JsonKeys();
    /** The inverse of ToJson, for a value that JsonKeys has checked; throws the constructor's
     *  std::invalid_argument("FIELD: what is wrong"). */
    static LogisticModel FromJson(const nlohmann::json& value);

  private:
    std::vector<double> m_mean;
    std::vector<double> m_scale;
    std::vector<double> m_weights;
    double m_bias = 0.0;
};

} // namespace eesim

#endif
