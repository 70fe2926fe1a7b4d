// Logistic regression fits on synthetic data with known answers.
#include "policies/logistic-model.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

using namespace eesim;

namespace
{

double
Sigmoid(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

} // namespace

TEST_CASE("a logistic fit separates a linearly separable set")
{
    // A 9 x 9 grid, label 1 above the line x1 + 2 x2 = 1 (no point on it).
    std::vector<std::vector<double>> samples;
    std::vector<int> labels;
    for (int i = 0; i < 9; ++i)
    {
        for (int j = 0; j < 9; ++j)
        {
            const double x1 = i * 0.25 - 1;
            const double x2 = j * 0.25 - 1 + 0.1;
            samples.push_back({ x1, x2 });
            labels.push_back(x1 + 2 * x2 > 1 ? 1 : 0);
        }
    }
    const auto model = LogisticModel::Fit(samples, labels);
    for (std::size_t i = 0; i < samples.size(); ++i)
    {
        CHECK((model.Probability(samples[i]) > 0.5) == (labels[i] == 1));
    }
    CHECK(model.Probability({ 1, 1 }) > 0.99);
    CHECK(model.Probability({ -1, -1 }) < 0.01);
    CHECK(std::isfinite(model.Bias()));
}

TEST_CASE("a logistic fit recovers known weights from a large logistic sample")
{
    // Four features of different means and spreads (like top-1 probability, entropy, margin and
    // SNR in dB), labels drawn from a known logistic model.
    const std::vector<double> mean = { 0.7, 0.3, 0.4, 10 };
    const std::vector<double> spread = { 0.2, 0.15, 0.25, 8 };
    const std::vector<double> weights = { 6, -4, 2, 0.15 };
    const double bias = -4.0;
    std::mt19937_64 rng(2023);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<std::vector<double>> samples;
    std::vector<int> labels;
    for (int i = 0; i < 20000; ++i)
    {
        std::vector<double> x(4);
        double z = bias;
        for (std::size_t j = 0; j < 4; ++j)
        {
            x[j] = mean[j] + spread[j] * normal(rng);
            z += weights[j] * x[j];
        }
        samples.push_back(x);
        labels.push_back(uniform(rng) < Sigmoid(z) ? 1 : 0);
    }
    LogisticFitOptions options;
    options.l2 = 1e-6;
    const auto model = LogisticModel::Fit(samples, labels, options);
    // The model's weights are of standardized features: w_std = w x scale, and the bias absorbs
    // the means. Standard errors are about 0.02 here.
    double expectedBias = bias;
    for (std::size_t j = 0; j < 4; ++j)
    {
        CHECK(model.Weights()[j] == Approx(weights[j] * model.Scale()[j]).margin(0.08));
        expectedBias += weights[j] * model.Mean()[j];
    }
    CHECK(model.Bias() == Approx(expectedBias).margin(0.08));
    CHECK(model.Probability({ 0.9, 0.1, 0.8, 20 }) == Approx(Sigmoid(5.6)).margin(0.02));
    CHECK(model.Probability({ 0.5, 0.5, 0.1, 0 }) == Approx(Sigmoid(-2.8)).margin(0.02));
    // Deterministic: the same data give the same model, bit for bit.
    const auto again = LogisticModel::Fit(samples, labels, options);
    CHECK(again.Weights() == model.Weights());
    CHECK(again.Bias() == model.Bias());
}

TEST_CASE("a feature that never varies gets scale 1 and no weight")
{
    const auto model
        = LogisticModel::Fit({ { 0, 5 }, { 1, 5 }, { 2, 5 }, { 3, 5 } }, { 0, 1, 0, 1 });
    CHECK(model.Scale()[1] == 1.0);
    CHECK(model.Weights()[1] == Approx(0.0).margin(1e-9));
}

TEST_CASE("logistic fits and models reject bad input")
{
    CHECK_THROWS_WITH(LogisticModel::Fit({ { 0.0 }, { 1.0 } }, { 1, 1 }),
                      Catch::Contains("both classes, got only 1s"));
    CHECK_THROWS_WITH(LogisticModel::Fit({ { 0.0 }, { 1.0 } }, { 0, 2 }),
                      Catch::Contains("0 or 1"));
    CHECK_THROWS_WITH(LogisticModel::Fit({ { 0.0 }, { 1.0, 2.0 } }, { 0, 1 }),
                      Catch::Contains("different feature counts"));
    CHECK_THROWS_WITH(LogisticModel::Fit({ { 0.0 } }, { 0, 1 }),
                      Catch::Contains("1 samples and 2 labels"));
    const LogisticModel model({ 0, 0 }, { 1, 1 }, { 1, 1 }, 0);
    CHECK(model.Probability({ 0, 0 }) == 0.5);
    CHECK_THROWS_WITH(model.Probability({ 1, 2, 3 }), "logistic model takes 2 features, got 3");
    CHECK_THROWS_WITH(LogisticModel({ 0 }, { 1, 1 }, { 1, 1 }, 0),
                      "mean: expected 2 values, one per weight, got 1");
    CHECK_THROWS_WITH(LogisticModel({ 0, 0 }, { 1, 0 }, { 1, 1 }, 0),
                      Catch::Contains("scale: expected positive numbers"));
}
