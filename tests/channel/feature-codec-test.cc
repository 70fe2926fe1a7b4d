// Feature encodings: sizes, exact float32, float16 rounding, int8 error bound.
#include "base/error.h"
#include "base/random.h"
#include "channel/feature-codec.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

namespace
{

Tensor
RandomFeatures(SampleShape shape, float spread)
{
    Tensor t(1, shape);
    Random random(17);
    for (std::size_t i = 0; i < t.Size(); ++i)
    {
        t[i] = spread * float(random.Normal());
    }
    return t;
}

} // namespace

TEST_CASE("encoded sizes: 4, 2 and 1 byte per element (+8 for int8)")
{
    CHECK(FeatureCodec::EncodedBytes(FeatureEncoding::kFloat32, 3136) == 12544);
    CHECK(FeatureCodec::EncodedBytes(FeatureEncoding::kFloat16, 3136) == 6272);
    CHECK(FeatureCodec::EncodedBytes(FeatureEncoding::kInt8, 3136) == 3144);
    const Tensor x = RandomFeatures({ 16, 14, 14 }, 1.0F);
    CHECK(FeatureCodec::Encode(x, FeatureEncoding::kInt8).size() == 3144);
}

TEST_CASE("float32 round-trips exactly")
{
    const Tensor x = RandomFeatures({ 4, 3, 3 }, 5.0F);
    const auto bytes = FeatureCodec::Encode(x, FeatureEncoding::kFloat32);
    const Tensor y
        = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), FeatureEncoding::kFloat32);
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        CHECK(y[i] == x[i]);
    }
}

TEST_CASE("float16 keeps 11 significant bits")
{
    Tensor x(1, { 4, 1, 1 });
    x[0] = 1.0F;
    x[1] = 1.0F + 1.0F / 4096; // below half precision: rounds to 1
    x[2] = -2.5F;
    x[3] = 65504.0F; // largest half
    const auto bytes = FeatureCodec::Encode(x, FeatureEncoding::kFloat16);
    const Tensor y
        = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), FeatureEncoding::kFloat16);
    CHECK(y[0] == 1.0F);
    CHECK(y[1] == 1.0F);
    CHECK(y[2] == -2.5F);
    CHECK(y[3] == 65504.0F);
    const Tensor r = RandomFeatures({ 8, 5, 5 }, 3.0F);
    const auto rb = FeatureCodec::Encode(r, FeatureEncoding::kFloat16);
    const Tensor ry
        = FeatureCodec::Decode(rb.data(), rb.size(), r.Shape(), FeatureEncoding::kFloat16);
    for (std::size_t i = 0; i < r.Size(); ++i)
    {
        CHECK(std::abs(ry[i] - r[i]) <= std::abs(r[i]) / 2048 + 1e-7);
    }
}

TEST_CASE("int8 error is at most half a quantization step, and extremes are exact")
{
    const Tensor x = RandomFeatures({ 8, 7, 7 }, 2.0F);
    const auto bytes = FeatureCodec::Encode(x, FeatureEncoding::kInt8);
    const Tensor y
        = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), FeatureEncoding::kInt8);
    const float lowest = *std::min_element(x.Data(), x.Data() + x.Size());
    const float highest = *std::max_element(x.Data(), x.Data() + x.Size());
    const float step = (highest - lowest) / 255;
    float worst = 0;
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        worst = std::max(worst, std::abs(y[i] - x[i]));
    }
    CHECK(worst <= step / 2 * 1.001F);
    CHECK(worst > step / 10); // it really quantizes
    CHECK(*std::min_element(y.Data(), y.Data() + y.Size()) == lowest);
}

TEST_CASE("a constant tensor and a size mismatch")
{
    Tensor x(1, { 5, 1, 1 }, 3.0F);
    const auto bytes = FeatureCodec::Encode(x, FeatureEncoding::kInt8);
    const Tensor y
        = FeatureCodec::Decode(bytes.data(), bytes.size(), x.Shape(), FeatureEncoding::kInt8);
    CHECK(y[4] == 3.0F);
    CHECK_THROWS_WITH(
        FeatureCodec::Decode(bytes.data(), bytes.size() - 1, x.Shape(), FeatureEncoding::kInt8),
        Catch::Contains("does not hold a 5x1x1 int8 tensor"));
    CHECK(ParseFeatureEncoding("float16") == FeatureEncoding::kFloat16);
    CHECK_THROWS(ParseFeatureEncoding("bf16"));
}
