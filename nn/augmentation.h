#ifndef EESIM_NN_AUGMENTATION_H
#define EESIM_NN_AUGMENTATION_H

#include "base/random.h"
#include "nn/tensor.h"

#include <vector>

namespace eesim
{

/** How training images are perturbed: a mirror image and a small translation (zero fill). */
struct AugmentationOptions
{
    bool horizontalFlip = false;
    int maxShiftPixels = 0;

    bool Enabled() const { return horizontalFlip || maxShiftPixels > 0; }
};

/** The perturbation drawn for one image. */
struct ImageTransform
{
    bool flip = false;
    int shiftRows = 0;
    int shiftCols = 0;
};

/** Draws one transform per image, in order, so the draws do not depend on threading. */
std::vector<ImageTransform> DrawTransforms(const AugmentationOptions& options, int count,
                                           Random& random);

/** Applies transforms[n] to sample n of `images` in place (one transform per sample). */
void ApplyTransforms(const ImageTransform* transforms, Tensor& images);

} // namespace eesim

#endif
