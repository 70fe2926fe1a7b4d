// Training-image perturbations on a hand-made 3x3 image.
#include "nn/augmentation.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

Tensor
Image()
{
    Tensor t(1, { 1, 3, 3 });
    for (int i = 0; i < 9; ++i)
    {
        t[std::size_t(i)] = float(i + 1); // rows: 1 2 3 / 4 5 6 / 7 8 9
    }
    return t;
}

std::vector<float>
Values(const Tensor& t)
{
    return std::vector<float>(t.Data(), t.Data() + t.Size());
}

} // namespace

TEST_CASE("a flip mirrors each row")
{
    Tensor image = Image();
    const ImageTransform flip{ true, 0, 0 };
    ApplyTransforms(&flip, image);
    CHECK(Values(image) == std::vector<float>{ 3, 2, 1, 6, 5, 4, 9, 8, 7 });
}

TEST_CASE("a shift moves the image and fills with zeros")
{
    Tensor image = Image();
    const ImageTransform shift{ false, 1, -1 }; // one row down, one column left
    ApplyTransforms(&shift, image);
    CHECK(Values(image) == std::vector<float>{ 0, 0, 0, 2, 3, 0, 5, 6, 0 });
}

TEST_CASE("transforms are drawn within bounds, both ways, reproducibly")
{
    AugmentationOptions options;
    options.horizontalFlip = true;
    options.maxShiftPixels = 2;
    Random a(5);
    Random b(5);
    const auto first = DrawTransforms(options, 2000, a);
    const auto second = DrawTransforms(options, 2000, b);
    int flips = 0;
    int minShift = 0;
    int maxShift = 0;
    for (std::size_t i = 0; i < first.size(); ++i)
    {
        CHECK(first[i].shiftRows == second[i].shiftRows);
        flips += first[i].flip ? 1 : 0;
        minShift = std::min({ minShift, first[i].shiftRows, first[i].shiftCols });
        maxShift = std::max({ maxShift, first[i].shiftRows, first[i].shiftCols });
    }
    CHECK(minShift == -2);
    CHECK(maxShift == 2);
    CHECK(flips > 900);
    CHECK(flips < 1100);
    CHECK_FALSE(DrawTransforms(AugmentationOptions{}, 3, a)[0].flip);
}
