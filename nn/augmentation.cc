#include "nn/augmentation.h"

#include <algorithm>

namespace eesim
{

std::vector<ImageTransform>
DrawTransforms(const AugmentationOptions& options, int count, Random& random)
{
    std::vector<ImageTransform> transforms(static_cast<std::size_t>(count));
    if (!options.Enabled())
    {
        return transforms;
    }
    const auto span = std::uint64_t(2 * options.maxShiftPixels + 1);
    for (ImageTransform& t : transforms)
    {
        t.flip = options.horizontalFlip && random.Below(2) == 1;
        t.shiftRows = int(random.Below(span)) - options.maxShiftPixels;
        t.shiftCols = int(random.Below(span)) - options.maxShiftPixels;
    }
    return transforms;
}

void
ApplyTransforms(const ImageTransform* transforms, Tensor& images)
{
    const SampleShape shape = images.Shape();
    AlignedFloats source(shape.Count());
    for (int n = 0; n < images.Batch(); ++n)
    {
        const ImageTransform& t = transforms[n];
        if (!t.flip && t.shiftRows == 0 && t.shiftCols == 0)
        {
            continue;
        }
        float* sample = images.Sample(n);
        std::copy(sample, sample + shape.Count(), source.begin());
        for (int c = 0; c < shape.channels; ++c)
        {
            const float* in = source.data() + std::size_t(c) * shape.height * shape.width;
            float* out = sample + std::size_t(c) * shape.height * shape.width;
            for (int h = 0; h < shape.height; ++h)
            {
                for (int w = 0; w < shape.width; ++w)
                {
                    // Output pixel (h, w) shows input pixel (h - shift, w - shift), mirrored.
                    const int sh = h - t.shiftRows;
                    int sw = w - t.shiftCols;
                    sw = t.flip ? shape.width - 1 - sw : sw;
                    const bool inside = sh >= 0 && sh < shape.height && sw >= 0 && sw < shape.width;
                    out[h * shape.width + w] = inside ? in[sh * shape.width + sw] : 0.0F;
                }
            }
        }
    }
}

} // namespace eesim
