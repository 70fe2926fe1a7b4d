#ifndef EESIM_CHANNEL_FEATURE_CODEC_H
#define EESIM_CHANNEL_FEATURE_CODEC_H

#include "nn/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/** How a feature tensor is turned into bytes before it crosses a digital link. */
enum class FeatureEncoding
{
    kFloat32, // 4 bytes per element, exact
    kFloat16, // 2 bytes per element, IEEE half, round to nearest even
    kInt8     // 1 byte per element plus 8 bytes of per-tensor affine parameters
};

/** Parses "float32", "float16" or "int8"; throws eesim::Error otherwise. */
FeatureEncoding ParseFeatureEncoding(const std::string& name);
std::string FeatureEncodingName(FeatureEncoding encoding);

/**
 * Encodes and decodes one sample's feature tensor. The encoded bytes are what the simulated
 * network carries, and the receiver decodes exactly those bytes, so quantization error reaches
 * the next segment for real. All multi-byte values are little-endian.
 *
 * int8 layout: float32 minimum, float32 scale, then one byte q per element with
 * x ~= minimum + q * scale, scale = (max - min) / 255 (error at most scale / 2).
 */
class FeatureCodec
{
  public:
    /** Encoded size of a tensor with `elements` values. */
    static std::size_t EncodedBytes(FeatureEncoding encoding, std::size_t elements);
    /** Encodes sample 0 of `features`. */
    static std::vector<std::uint8_t> Encode(const Tensor& features, FeatureEncoding encoding);
    /** Decodes into a batch-1 tensor of `shape`; throws eesim::Error on a size mismatch. */
    static Tensor Decode(const std::uint8_t* bytes, std::size_t size, SampleShape shape,
                         FeatureEncoding encoding);
};

} // namespace eesim

#endif
