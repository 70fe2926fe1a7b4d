#include "policies/logistic-model.h"

#include "base/json-text.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace eesim
{

namespace
{

using Matrix = std::vector<std::vector<double>>;

double
Sigmoid(double z)
{
    // Two forms so exp never overflows.
    return z >= 0.0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

/** log(1 + e^z) without overflow. */
double
Softplus(double z)
{
    return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z)));
}

/** Standardized samples and labels; parameters are (w_0 .. w_{d-1}, b). */
struct Problem
{
    Matrix rows;
    std::vector<int> labels;
    double l2;

    std::size_t Features() const { return rows.front().size(); }

    double Score(const std::vector<double>& theta, std::size_t i) const
    {
        double s = theta.back();
        for (std::size_t j = 0; j < Features(); ++j)
        {
            s += theta[j] * rows[i][j];
        }
        return s;
    }

    /** Mean log-loss plus l2/2 ||w||^2. */
    double Loss(const std::vector<double>& theta) const
    {
        double loss = 0.0;
        for (std::size_t i = 0; i < rows.size(); ++i)
        {
            const double s = Score(theta, i);
            loss += Softplus(s) - labels[i] * s;
        }
        double penalty = 0.0;
        for (std::size_t j = 0; j < Features(); ++j)
        {
            penalty += theta[j] * theta[j];
        }
        return loss / double(rows.size()) + l2 / 2 * penalty;
    }

    /** Fills the gradient and Hessian of Loss at theta. */
    void Derivatives(const std::vector<double>& theta, std::vector<double>& gradient,
                     Matrix& hessian) const
    {
        const std::size_t n = theta.size();
        gradient.assign(n, 0.0);
        hessian.assign(n, std::vector<double>(n, 0.0));
        std::vector<double> x(n, 1.0); // the sample's features with a trailing 1 for the bias
        for (std::size_t i = 0; i < rows.size(); ++i)
        {
            std::copy(rows[i].begin(), rows[i].end(), x.begin());
            const double p = Sigmoid(Score(theta, i));
            for (std::size_t a = 0; a < n; ++a)
            {
                gradient[a] += (p - labels[i]) * x[a];
                for (std::size_t b = 0; b < n; ++b)
                {
                    hessian[a][b] += p * (1 - p) * x[a] * x[b];
                }
            }
        }
        for (std::size_t a = 0; a < n; ++a)
        {
            gradient[a] /= double(rows.size());
            for (auto& h : hessian[a])
            {
                h /= double(rows.size());
            }
            const bool isWeight = a + 1 < n;
            gradient[a] += isWeight ? l2 * theta[a] : 0.0;
            // A tiny ridge on every diagonal entry, only so the system stays solvable when all
            // samples are classified with certainty (p(1-p) underflows to 0).
            hessian[a][a] += (isWeight ? l2 : 0.0) + 1e-12;
        }
    }
};

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive
 *  definite here). */
std::vector<double>
Solve(Matrix a, std::vector<double> b)
{
    const std::size_t n = b.size();
    for (std::size_t col = 0; col < n; ++col)
    {
        std::size_t pivot = col;
        for (std::size_t row = col + 1; row < n; ++row)
        {
            pivot = std::abs(a[row][col]) > std::abs(a[pivot][col]) ? row : pivot;
        }
        std::swap(a[col], a[pivot]);
        std::swap(b[col], b[pivot]);
        for (std::size_t row = col + 1; row < n; ++row)
        {
            const double factor = a[row][col] / a[col][col];
            for (std::size_t k = col; k < n; ++k)
            {
                a[row][k] -= factor * a[col][k];
            }
            b[row] -= factor * b[col];
        }
    }
    std::vector<double> x(n);
    for (std::size_t row = n; row-- > 0;)
    {
        double sum = b[row];
        for (std::size_t k = row + 1; k < n; ++k)
        {
            sum -= a[row][k] * x[k];
        }
        x[row] = sum / a[row][row];
    }
    return x;
}

void
CheckSamples(const std::vector<std::vector<double>>& samples, const std::vector<int>& labels)
{
    if (samples.empty() || samples.size() != labels.size() || samples.front().empty())
    {
        throw std::invalid_argument("logistic fit: expected one label per sample and at least "
                                    "one sample with features, got "
                                    + std::to_string(samples.size()) + " samples and "
                                    + std::to_string(labels.size()) + " labels");
    }
    bool seen[2] = { false, false };
    for (std::size_t i = 0; i < samples.size(); ++i)
    {
        if (samples[i].size() != samples.front().size())
        {
            throw std::invalid_argument("logistic fit: samples have different feature counts");
        }
        if (!std::all_of(samples[i].begin(), samples[i].end(),
                         [](double x) { return std::isfinite(x); }))
        {
            throw std::invalid_argument("logistic fit: features must be finite");
        }
        if (labels[i] != 0 && labels[i] != 1)
        {
            throw std::invalid_argument("logistic fit: labels must be 0 or 1");
        }
        seen[labels[i]] = true;
    }
    if (!seen[0] || !seen[1])
    {
        throw std::invalid_argument("logistic fit: needs samples of both classes, got only "
                                    + std::string(seen[0] ? "0" : "1") + "s");
    }
}

/** The mean and (population) standard deviation of each feature; zero spread gets scale 1. */
void
Standardization(const Matrix& samples, std::vector<double>& mean, std::vector<double>& scale)
{
    const std::size_t d = samples.front().size();
    const double n = double(samples.size());
    mean.assign(d, 0.0);
    scale.assign(d, 0.0);
    for (const auto& x : samples)
    {
        for (std::size_t j = 0; j < d; ++j)
        {
            mean[j] += x[j] / n;
        }
    }
    for (const auto& x : samples)
    {
        for (std::size_t j = 0; j < d; ++j)
        {
            scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / n;
        }
    }
    for (double& s : scale)
    {
        s = s > 1e-24 ? std::sqrt(s) : 1.0;
    }
}

/** One damped Newton step; returns the largest parameter change. */
double
NewtonStep(const Problem& problem, std::vector<double>& theta)
{
    std::vector<double> gradient;
    Matrix hessian;
    problem.Derivatives(theta, gradient, hessian);
    std::vector<double> step = Solve(hessian, gradient);
    double slope = 0.0;
    for (std::size_t a = 0; a < step.size(); ++a)
    {
        step[a] = -step[a];
        slope += gradient[a] * step[a];
    }
    const double before = problem.Loss(theta);
    // Backtracking (Armijo): a full Newton step can overshoot far from the optimum.
    for (double t = 1.0; t > 1e-12; t /= 2)
    {
        std::vector<double> candidate = theta;
        double largest = 0.0;
        for (std::size_t a = 0; a < theta.size(); ++a)
        {
            candidate[a] += t * step[a];
            largest = std::max(largest, std::abs(t * step[a]));
        }
        if (problem.Loss(candidate) <= before + 1e-4 * t * slope)
        {
            theta = std::move(candidate);
            return largest;
        }
    }
    return 0.0; // no decrease left to find: converged as far as doubles allow
}

} // namespace

LogisticModel::LogisticModel(std::vector<double> mean, std::vector<double> scale,
                             std::vector<double> weights, double bias)
    : m_mean(std::move(mean))
    , m_scale(std::move(scale))
    , m_weights(std::move(weights))
    , m_bias(bias)
{
    const std::string count = std::to_string(m_weights.size());
    if (m_mean.size() != m_weights.size())
    {
        throw std::invalid_argument("mean: expected " + count + " values, one per weight, got "
                                    + std::to_string(m_mean.size()));
    }
    if (m_scale.size() != m_weights.size())
    {
        throw std::invalid_argument("scale: expected " + count + " values, one per weight, got "
                                    + std::to_string(m_scale.size()));
    }
    for (const double s : m_scale)
    {
        if (!(s > 0.0) || !std::isfinite(s))
        {
            throw std::invalid_argument("scale: expected positive numbers, got " + FormatNumber(s));
        }
    }
    if (!std::isfinite(m_bias))
    {
        throw std::invalid_argument("bias: expected a finite number");
    }
}

LogisticModel
LogisticModel::Fit(const std::vector<std::vector<double>>& samples, const std::vector<int>& labels,
                   const LogisticFitOptions& options)
{
    CheckSamples(samples, labels);
    if (!(options.l2 >= 0.0) || options.maxIterations < 1)
    {
        throw std::invalid_argument("logistic fit: l2 must be >= 0 and iterations >= 1");
    }
    LogisticModel model;
    Standardization(samples, model.m_mean, model.m_scale);
    Problem problem{ samples, labels, options.l2 };
    for (auto& row : problem.rows)
    {
        for (std::size_t j = 0; j < row.size(); ++j)
        {
            row[j] = (row[j] - model.m_mean[j]) / model.m_scale[j];
        }
    }
    std::vector<double> theta(problem.Features() + 1, 0.0);
    for (int iteration = 0; iteration < options.maxIterations; ++iteration)
    {
        if (NewtonStep(problem, theta) <= options.tolerance)
        {
            break;
        }
    }
    model.m_bias = theta.back();
    theta.pop_back();
    model.m_weights = std::move(theta);
    return model;
}

double
LogisticModel::Probability(const std::vector<double>& features) const
{
    if (features.size() != m_weights.size())
    {
        throw std::invalid_argument("logistic model takes " + std::to_string(m_weights.size())
                                    + " features, got " + std::to_string(features.size()));
    }
    double s = m_bias;
    for (std::size_t j = 0; j < features.size(); ++j)
    {
        s += m_weights[j] * (features[j] - m_mean[j]) / m_scale[j];
    }
    return Sigmoid(s);
}

nlohmann::json
LogisticModel::ToJson() const
{
    return {
        { "mean", m_mean }, { "scale", m_scale }, { "weights", m_weights }, { "bias", m_bias }
    };
}

const KeyTable&
LogisticModel::JsonKeys()
{
    static const KeyTable keys = []
    {
        KeyTable table = {
            keys::NumberList("mean", {}, -1e300, 1e300, "feature means"),
            keys::NumberList("scale", {}, -1e300, 1e300, "feature spreads (positive)"),
            keys::NumberList("weights", {}, -1e300, 1e300, "weights of the standardized features"),
            keys::Number("bias", 0.0, -1e300, 1e300, "bias"),
        };
        for (KeySpec& key : table)
        {
            key.defaultValue = nullptr; // required
        }
        return table;
    }();
    return keys;
}

LogisticModel
LogisticModel::FromJson(const nlohmann::json& value)
{
    return LogisticModel(
        value.at("mean").get<std::vector<double>>(), value.at("scale").get<std::vector<double>>(),
        value.at("weights").get<std::vector<double>>(), value.at("bias").get<double>());
}

} // namespace eesim
