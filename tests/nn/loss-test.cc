// Softmax, cross-entropy and distillation against hand-computed values.
#include "nn/loss.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;
using Catch::Matchers::WithinAbs;

namespace
{

Tensor
Logits(std::vector<float> values)
{
    Tensor t(1, { int(values.size()), 1, 1 });
    std::copy(values.begin(), values.end(), t.Data());
    return t;
}

} // namespace

TEST_CASE("softmax of [0, ln 3] is [1/4, 3/4], also at a temperature")
{
    const Tensor p = Softmax(Logits({ 0, std::log(3.0F) }));
    CHECK_THAT(p[0], WithinAbs(0.25, 1e-6));
    CHECK_THAT(p[1], WithinAbs(0.75, 1e-6));
    const Tensor q = Softmax(Logits({ 0, 2 * std::log(3.0F) }), 2.0F);
    CHECK_THAT(q[1], WithinAbs(0.75, 1e-6));
    // Large logits do not overflow.
    const Tensor big = Softmax(Logits({ 1000, 1000 }));
    CHECK_THAT(big[0], WithinAbs(0.5, 1e-6));
}

TEST_CASE("cross-entropy is -log p(label) and its gradient is p - onehot")
{
    Tensor grad(1, { 2, 1, 1 });
    const double loss = CrossEntropy(Logits({ 0, std::log(3.0F) }), { 1 }, 1.0, 1.0F, grad);
    CHECK_THAT(loss, WithinAbs(-std::log(0.75), 1e-6));
    CHECK_THAT(grad[0], WithinAbs(0.25, 1e-6));
    CHECK_THAT(grad[1], WithinAbs(-0.25, 1e-6));
    // A weight scales only the gradient; the normalizer divides both.
    Tensor scaled(1, { 2, 1, 1 });
    const double half = CrossEntropy(Logits({ 0, std::log(3.0F) }), { 1 }, 2.0, 3.0F, scaled);
    CHECK_THAT(half, WithinAbs(-std::log(0.75) / 2, 1e-6));
    CHECK_THAT(scaled[0], WithinAbs(0.375, 1e-6));
}

TEST_CASE("distillation is T^2 KL(teacher || student) with gradient T (q - p)")
{
    Tensor grad(1, { 2, 1, 1 });
    const double loss
        = Distillation(Logits({ 0, 0 }), Logits({ 0, std::log(3.0F) }), 1.0F, 1.0, 1.0F, grad);
    const double kl = 0.25 * std::log(0.25 / 0.5) + 0.75 * std::log(0.75 / 0.5);
    CHECK_THAT(loss, WithinAbs(kl, 1e-6));
    CHECK_THAT(grad[0], WithinAbs(0.25, 1e-6));
    CHECK_THAT(grad[1], WithinAbs(-0.25, 1e-6));

    Tensor zero(1, { 2, 1, 1 });
    CHECK_THAT(Distillation(Logits({ 1, 2 }), Logits({ 1, 2 }), 3.0F, 1.0, 1.0F, zero),
               WithinAbs(0, 1e-9));
    CHECK_THAT(zero[0], WithinAbs(0, 1e-7));
}

TEST_CASE("distillation at T = 2 and T = 3 equals the direct formula, T^2 factor and 1/T gradient "
          "included")
{
    // Three classes, two samples, a teacher unlike the student: the loss is
    // T^2 / N * sum_n sum_i p_i (log p_i - log q_i) with p = softmax(teacher / T),
    // q = softmax(student / T), and its gradient with respect to the student's logits is
    // T (q - p) / N; written out here with std::exp, independently of Softmax.
    const std::vector<std::vector<double>> student = { { 0.3, -1.2, 2.0 }, { 1.5, 0.1, -0.4 } };
    const std::vector<std::vector<double>> teacher = { { 1.0, 0.5, -0.7 }, { -0.2, 2.2, 0.9 } };
    auto softmax = [](const std::vector<double>& z, double t)
    {
        std::vector<double> e;
        double sum = 0;
        for (double v : z)
        {
            e.push_back(std::exp(v / t));
            sum += e.back();
        }
        for (double& v : e)
        {
            v /= sum;
        }
        return e;
    };
    auto tensor = [](const std::vector<std::vector<double>>& rows)
    {
        Tensor t(2, { 3, 1, 1 });
        for (int n = 0; n < 2; ++n)
        {
            for (int i = 0; i < 3; ++i)
            {
                t[std::size_t(n * 3 + i)] = float(rows[n][i]);
            }
        }
        return t;
    };
    for (const double t : { 2.0, 3.0 })
    {
        INFO("T = " << t);
        double expected = 0;
        std::vector<double> expectedGrad;
        for (int n = 0; n < 2; ++n)
        {
            const auto p = softmax(teacher[n], t);
            const auto q = softmax(student[n], t);
            for (int i = 0; i < 3; ++i)
            {
                expected += t * t / 2 * p[i] * (std::log(p[i]) - std::log(q[i]));
                expectedGrad.push_back(t * (q[i] - p[i]) / 2);
            }
        }
        Tensor grad(2, { 3, 1, 1 });
        const double loss
            = Distillation(tensor(student), tensor(teacher), float(t), 2.0, 1.0F, grad);
        CHECK_THAT(loss, WithinAbs(expected, 1e-6 * expected));
        REQUIRE(expected > 0.1);
        for (std::size_t i = 0; i < expectedGrad.size(); ++i)
        {
            CHECK_THAT(grad[i], WithinAbs(expectedGrad[i], 1e-6));
        }
    }
}

TEST_CASE("argmax picks the first of equal maxima")
{
    CHECK(ArgMax(Logits({ 1, 3, 3, 2 }), 0) == 1);
}
