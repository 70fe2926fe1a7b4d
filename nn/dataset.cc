#include "nn/dataset.h"

#include "base/error.h"
#include "nn/idx-file.h"

#include <numeric>
#include <sys/stat.h>

namespace eesim
{

Split
ParseSplit(const std::string& name)
{
    if (name == "train")
    {
        return Split::kTrain;
    }
    if (name == "val")
    {
        return Split::kValidation;
    }
    if (name == "test")
    {
        return Split::kTest;
    }
    throw Error("unknown split '" + name + "' (expected train, val or test)");
}

std::string
SplitName(Split split)
{
    switch (split)
    {
    case Split::kTrain:
        return "train";
    case Split::kValidation:
        return "val";
    default:
        return "test";
    }
}

Dataset::Dataset(int rows, int cols, std::vector<std::uint8_t> pixels,
                 std::vector<std::uint8_t> labels)
    : m_rows(rows)
    , m_cols(cols)
    , m_pixels(std::move(pixels))
    , m_labels(std::move(labels))
{
}

namespace
{

/** The gzipped name when it exists, else the unpacked one (the error then names the .gz). */
std::string
IdxPath(const std::string& directory, const std::string& stem)
{
    const std::string plain = directory + "/" + stem;
    struct stat info;
    if (stat((plain + ".gz").c_str(), &info) != 0 && stat(plain.c_str(), &info) == 0)
    {
        return plain;
    }
    return plain + ".gz";
}

} // namespace

Dataset
Dataset::Load(const std::string& directory, Split split)
{
    struct stat info;
    if (stat(directory.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    {
        throw Error(directory
                    + ": dataset folder not found (install Debian's dataset-fashion-mnist"
                      " or point --data at a folder of IDX files)");
    }
    const std::string prefix = split == Split::kTest ? "t10k" : "train";
    const std::string imagePath = IdxPath(directory, prefix + "-images-idx3-ubyte");
    const std::string labelPath = IdxPath(directory, prefix + "-labels-idx1-ubyte");
    IdxArray images = ReadIdxFile(imagePath, 3);
    IdxArray labels = ReadIdxFile(labelPath, 1);
    if (images.dims[0] != labels.dims[0])
    {
        throw Error(imagePath + ": holds " + std::to_string(images.dims[0]) + " images but "
                    + labelPath + " holds " + std::to_string(labels.dims[0]) + " labels");
    }
    for (std::uint8_t label : labels.data)
    {
        if (label > 9)
        {
            throw Error(labelPath + ": label " + std::to_string(label) + " out of range 0-9");
        }
    }
    if (images.dims[1] > 4096 || images.dims[2] > 4096)
    {
        throw Error(imagePath + ": images larger than 4096x4096 are not supported");
    }
    const int rows = int(images.dims[1]);
    const int cols = int(images.dims[2]);
    int first = 0;
    int count = int(labels.dims[0]);
    if (split != Split::kTest)
    {
        if (count <= kValidationSize)
        {
            throw Error(imagePath + ": only " + std::to_string(count)
                        + " training images; the validation split needs more than "
                        + std::to_string(kValidationSize));
        }
        first = split == Split::kTrain ? 0 : count - kValidationSize;
        count = split == Split::kTrain ? count - kValidationSize : kValidationSize;
    }
    const std::size_t pixels = std::size_t(rows) * cols;
    std::vector<std::uint8_t> pixelData(images.data.begin() + std::ptrdiff_t(first * pixels),
                                        images.data.begin()
                                            + std::ptrdiff_t((first + count) * pixels));
    std::vector<std::uint8_t> labelData(labels.data.begin() + first,
                                        labels.data.begin() + first + count);
    return Dataset(rows, cols, std::move(pixelData), std::move(labelData));
}

Tensor
Dataset::Images(const int* indices, int count) const
{
    Tensor batch(count, Shape());
    const std::size_t pixels = Shape().Count();
    for (int n = 0; n < count; ++n)
    {
        const std::uint8_t* source = m_pixels.data() + std::size_t(indices[n]) * pixels;
        float* target = batch.Sample(n);
        for (std::size_t i = 0; i < pixels; ++i)
        {
            target[i] = float(source[i]) / 255.0F;
        }
    }
    return batch;
}

Tensor
Dataset::Images(int first, int count) const
{
    std::vector<int> indices(count);
    std::iota(indices.begin(), indices.end(), first);
    return Images(indices.data(), count);
}

Dataset
Dataset::Head(int count) const
{
    if (count >= Size())
    {
        return *this;
    }
    const std::size_t pixels = Shape().Count();
    return Dataset(m_rows, m_cols,
                   std::vector<std::uint8_t>(m_pixels.begin(),
                                             m_pixels.begin() + std::ptrdiff_t(count * pixels)),
                   std::vector<std::uint8_t>(m_labels.begin(), m_labels.begin() + count));
}

} // namespace eesim
