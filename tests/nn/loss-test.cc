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

TEST_CASE("argmax picks the first of equal maxima")
{
    CHECK(ArgMax(Logits({ 1, 3, 3, 2 }), 0) == 1);
}
