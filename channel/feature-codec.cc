#include "channel/feature-codec.h"

#include "base/error.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace eesim
{

FeatureEncoding
ParseFeatureEncoding(const std::string& name)
{
    if (name == "float32")
    {
        return FeatureEncoding::kFloat32;
    }
    if (name == "float16")
    {
        return FeatureEncoding::kFloat16;
    }
    if (name == "int8")
    {
        return FeatureEncoding::kInt8;
    }
    throw Error("unknown feature encoding '" + name + "' (expected float32, float16 or int8)");
}

std::string
FeatureEncodingName(FeatureEncoding encoding)
{
    switch (encoding)
    {
    case FeatureEncoding::kFloat32:
        return "float32";
    case FeatureEncoding::kFloat16:
        return "float16";
    default:
        return "int8";
    }
}

std::size_t
FeatureCodec::EncodedBytes(FeatureEncoding encoding, std::size_t elements)
{
    switch (encoding)
    {
    case FeatureEncoding::kFloat32:
        return 4 * elements;
    case FeatureEncoding::kFloat16:
        return 2 * elements;
    default:
        return 8 + elements;
    }
}

std::vector<std::uint8_t>
FeatureCodec::Encode(const Tensor& features, FeatureEncoding encoding)
{
    const std::size_t n = features.SampleSize();
    const float* x = features.Sample(0);
    std::vector<std::uint8_t> bytes(EncodedBytes(encoding, n));
    if (encoding == FeatureEncoding::kFloat32)
    {
        std::memcpy(bytes.data(), x, 4 * n);
    }
    else if (encoding == FeatureEncoding::kFloat16)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            const std::uint16_t half = Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(x[i]));
            std::memcpy(bytes.data() + 2 * i, &half, 2);
        }
    }
    else
    {
        const auto [lowest, highest] = std::minmax_element(x, x + n);
        const float minimum = n > 0 ? *lowest : 0.0F;
        const float range = n > 0 ? *highest - minimum : 0.0F;
        const float scale = range > 0 ? range / 255.0F : 1.0F;
        std::memcpy(bytes.data(), &minimum, 4);
        std::memcpy(bytes.data() + 4, &scale, 4);
        for (std::size_t i = 0; i < n; ++i)
        {
            const float q = std::nearbyint((x[i] - minimum) / scale);
            bytes[8 + i] = std::uint8_t(std::clamp(q, 0.0F, 255.0F));
        }
    }
    return bytes;
}

Tensor
FeatureCodec::Decode(const std::uint8_t* bytes, std::size_t size, SampleShape shape,
                     FeatureEncoding encoding)
{
    const std::size_t n = shape.Count();
    if (size != EncodedBytes(encoding, n))
    {
        throw Error("feature message of " + std::to_string(size) + " bytes does not hold a "
                    + shape.ToString() + " " + FeatureEncodingName(encoding) + " tensor");
    }
    Tensor features(1, shape);
    float* x = features.Data();
    if (encoding == FeatureEncoding::kFloat32)
    {
        std::memcpy(x, bytes, 4 * n);
    }
    else if (encoding == FeatureEncoding::kFloat16)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            std::uint16_t half;
            std::memcpy(&half, bytes + 2 * i, 2);
            x[i] = float(Eigen::numext::bit_cast<Eigen::half>(half));
        }
    }
    else
    {
        float minimum;
        float scale;
        std::memcpy(&minimum, bytes, 4);
        std::memcpy(&scale, bytes + 4, 4);
        for (std::size_t i = 0; i < n; ++i)
        {
            x[i] = minimum + float(bytes[8 + i]) * scale;
        }
    }
    return features;
}

} // namespace eesim
