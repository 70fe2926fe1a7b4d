#include "nn/dataset-formats.h"

#include "base/error.h"
#include "nn/cifar-file.h"
#include "nn/idx-file.h"
#include "nn/npy-file.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sys/stat.h>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              ".npy values are read as little-endian; this build assumes a little-endian host");

namespace eesim
{

namespace
{

/** The files of one part: the images (CIFAR-10's training part has five batches, each with its
 *  labels inside) and the labels, when they are a file of their own. */
struct PartFiles
{
    std::vector<std::string> images;
    std::string labels;
};

bool
Exists(const std::string& path)
{
    struct stat info;
    return stat(path.c_str(), &info) == 0;
}

bool
IsFolder(const std::string& path)
{
    struct stat info;
    return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

/** The gzipped name when it exists, else the unpacked one (the error then names the .gz). */
std::string
IdxPath(const std::string& directory, const std::string& stem)
{
    const std::string plain = directory + "/" + stem;
    if (!Exists(plain + ".gz") && Exists(plain))
    {
        return plain;
    }
    return plain + ".gz";
}

PartFiles
FilesOf(const DatasetSource& s, bool training)
{
    const std::string& dir = s.dir;
    if (s.format == "cifar10")
    {
        if (!training)
        {
            return { { dir + "/test_batch.bin" }, "" };
        }
        PartFiles files;
        for (int b = 1; b <= 5; ++b)
        {
            files.images.push_back(dir + "/data_batch_" + std::to_string(b) + ".bin");
        }
        return files;
    }
    if (s.format == "cifar100")
    {
        return { { dir + (training ? "/train.bin" : "/test.bin") }, "" };
    }
    const std::string& images = training ? s.trainImages : s.testImages;
    const std::string& labels = training ? s.trainLabels : s.testLabels;
    if (s.format == "npy")
    {
        const std::string part = training ? "train" : "test";
        return { { dir + "/" + (images.empty() ? part + "_images.npy" : images) },
                 dir + "/" + (labels.empty() ? part + "_labels.npy" : labels) };
    }
    // fashion-mnist, and idx unless it names its files: the Fashion-MNIST (and MNIST) names.
    const std::string prefix = training ? "train" : "t10k";
    const bool named = s.format == "idx";
    return { { named && !images.empty() ? dir + "/" + images
                                        : IdxPath(dir, prefix + "-images-idx3-ubyte") },
             named && !labels.empty() ? dir + "/" + labels
                                      : IdxPath(dir, prefix + "-labels-idx1-ubyte") };
}

void
RequireFolder(const DatasetSource& s)
{
    if (IsFolder(s.dir))
    {
        return;
    }
    if (s.format == "fashion-mnist")
    {
        throw Error(s.dir
                    + ": dataset folder not found (install Debian's dataset-fashion-mnist"
                      " or point --data at a folder of IDX files)");
    }
    throw Error(s.dir + ": dataset folder not found (format " + s.format + ")");
}

/** A part holds at least one sample and no more than an int counts. */
void
CheckSampleCount(const std::string& path, std::uint64_t count)
{
    if (count == 0)
    {
        throw Error(path + ": holds no samples");
    }
    if (count > std::uint64_t(Dataset::kMaxSamples))
    {
        throw Error(path + ": more than " + std::to_string(Dataset::kMaxSamples) + " samples");
    }
}

void
CheckCounts(const std::string& images, std::uint64_t imageCount, const std::string& labels,
            std::uint64_t labelCount)
{
    if (imageCount != labelCount)
    {
        throw Error(images + ": holds " + std::to_string(imageCount) + " images but " + labels
                    + " holds " + std::to_string(labelCount) + " labels");
    }
    CheckSampleCount(images, imageCount);
}

/** C x H x W from the dimensions after the sample count; each at most 4096, as a model's. */
SampleShape
CheckedShape(const std::string& path, std::uint64_t c, std::uint64_t h, std::uint64_t w)
{
    if (c > 4096)
    {
        throw Error(path + ": " + std::to_string(c)
                    + " channels; eesim takes at most 4096 per dimension");
    }
    if (h > 4096 || w > 4096)
    {
        throw Error(path + ": images larger than 4096x4096 are not supported");
    }
    if (c == 0 || h == 0 || w == 0)
    {
        throw Error(path + ": samples of size 0");
    }
    return { int(c), int(h), int(w) };
}

SampleShape
IdxShape(const std::string& path, const std::vector<std::uint32_t>& dims)
{
    return dims.size() == 3 ? CheckedShape(path, 1, dims[1], dims[2])
                            : CheckedShape(path, dims[1], dims[2], dims[3]);
}

const std::vector<std::string> kNpyImageTypes = { "|u1", "<f4" };
const std::vector<std::string> kNpyLabelTypes = { "<i8", "<i4", "|u1" };

/** An image array's sample shape: [N, H, W] is grey; 4 dimensions follow `layout`. */
SampleShape
NpyImageShape(const DatasetSource& s, const std::string& path,
              const std::vector<std::uint64_t>& shape)
{
    if (shape.size() == 3)
    {
        return CheckedShape(path, 1, shape[1], shape[2]);
    }
    if (shape.size() == 4)
    {
        return s.layout == "nhwc" ? CheckedShape(path, shape[3], shape[1], shape[2])
                                  : CheckedShape(path, shape[1], shape[2], shape[3]);
    }
    throw Error(path + ": images of " + std::to_string(shape.size())
                + " dimensions (expected [N, H, W], or [N, C, H, W] / [N, H, W, C] as layout "
                  "says)");
}

void
CheckNpyLabelShape(const std::string& path, const std::vector<std::uint64_t>& shape)
{
    if (shape.size() != 1)
    {
        throw Error(path + ": labels of " + std::to_string(shape.size())
                    + " dimensions (expected one label per sample, [N])");
    }
}

Dataset
LoadIdx(const DatasetSource& s, const PartFiles& f)
{
    const bool fashion = s.format == "fashion-mnist";
    const std::string& imagePath = f.images[0];
    IdxArray images = ReadIdxFile(imagePath, 3, fashion ? 3 : 4);
    const IdxArray labels = ReadIdxFile(f.labels, 1);
    CheckCounts(imagePath, images.dims[0], f.labels, labels.dims[0]);
    for (std::uint8_t label : labels.data)
    {
        if (fashion && label > 9)
        {
            throw Error(f.labels + ": label " + std::to_string(label) + " out of range 0-9");
        }
    }
    const SampleShape shape = IdxShape(imagePath, images.dims);
    return Dataset(shape, std::move(images.data),
                   std::vector<std::int32_t>(labels.data.begin(), labels.data.end()));
}

Dataset
LoadCifar(const DatasetSource& s, const PartFiles& f)
{
    const bool ten = s.format == "cifar10";
    std::vector<std::uint8_t> pixels;
    std::vector<std::int32_t> labels;
    for (const std::string& path : f.images)
    {
        const CifarRecords records = ReadCifarFile(path, ten ? 1 : 2, ten ? 10 : 100);
        pixels.insert(pixels.end(), records.pixels.begin(), records.pixels.end());
        labels.insert(labels.end(), records.labels.begin(), records.labels.end());
        CheckSampleCount(path, labels.size());
    }
    return Dataset({ 3, 32, 32 }, std::move(pixels), std::move(labels));
}

/** Sample by sample from the array's order (C x H x W, or H x W x C) to C x H x W. */
template <typename T>
std::vector<T>
ToChannelsFirst(const char* data, std::size_t samples, const SampleShape& shape, bool nhwc)
{
    const std::size_t plane = std::size_t(shape.height) * shape.width;
    const std::size_t count = samples * shape.Count();
    std::vector<T> values(count);
    std::memcpy(values.data(), data, count * sizeof(T));
    if (!nhwc || shape.channels == 1)
    {
        return values;
    }
    std::vector<T> reordered(count);
    for (std::size_t n = 0; n < samples; ++n)
    {
        const T* from = values.data() + n * shape.Count();
        T* to = reordered.data() + n * shape.Count();
        for (std::size_t i = 0; i < plane; ++i)
        {
            for (int c = 0; c < shape.channels; ++c)
            {
                to[std::size_t(c) * plane + i] = from[i * std::size_t(shape.channels) + c];
            }
        }
    }
    return reordered;
}

std::vector<std::int32_t>
NpyLabels(const std::string& path, const NpyArray& array)
{
    std::vector<std::int32_t> labels(array.Count());
    for (std::size_t i = 0; i < labels.size(); ++i)
    {
        std::int64_t label = 0;
        if (array.descr == "<i8")
        {
            std::memcpy(&label, array.Data() + 8 * i, 8);
        }
        else if (array.descr == "<i4")
        {
            std::int32_t value = 0;
            std::memcpy(&value, array.Data() + 4 * i, 4);
            label = value;
        }
        else
        {
            label = static_cast<unsigned char>(array.Data()[i]);
        }
        if (label < 0 || label >= Dataset::kMaxClasses)
        {
            throw Error(path + ": label " + std::to_string(label) + " at index " + std::to_string(i)
                        + " out of range 0-" + std::to_string(Dataset::kMaxClasses - 1));
        }
        labels[i] = std::int32_t(label);
    }
    return labels;
}

Dataset
LoadNpy(const DatasetSource& s, const PartFiles& f)
{
    const std::string& imagePath = f.images[0];
    const NpyArray images = ReadNpyFile(imagePath, kNpyImageTypes);
    const NpyArray labels = ReadNpyFile(f.labels, kNpyLabelTypes);
    const SampleShape shape = NpyImageShape(s, imagePath, images.shape);
    CheckNpyLabelShape(f.labels, labels.shape);
    CheckCounts(imagePath, images.shape[0], f.labels, labels.shape[0]);
    std::vector<std::int32_t> labelValues = NpyLabels(f.labels, labels);
    const std::size_t samples = labelValues.size();
    const bool nhwc = s.layout == "nhwc" && images.shape.size() == 4;
    if (images.descr == "|u1")
    {
        return Dataset(shape, ToChannelsFirst<std::uint8_t>(images.Data(), samples, shape, nhwc),
                       std::move(labelValues));
    }
    std::vector<float> values = ToChannelsFirst<float>(images.Data(), samples, shape, nhwc);
    const auto bad
        = std::find_if(values.begin(), values.end(), [](float v) { return !std::isfinite(v); });
    if (bad != values.end())
    {
        throw Error(imagePath + ": value " + std::to_string(bad - values.begin())
                    + " is not a finite number");
    }
    return Dataset(shape, std::move(values), std::move(labelValues));
}

} // namespace

Dataset
LoadDatasetPart(const DatasetSource& source, bool training)
{
    const std::string problem = source.Problem();
    if (!problem.empty())
    {
        throw Error(source.dir + ": " + problem);
    }
    RequireFolder(source);
    const PartFiles files = FilesOf(source, training);
    if (source.format == "cifar10" || source.format == "cifar100")
    {
        return LoadCifar(source, files);
    }
    return source.format == "npy" ? LoadNpy(source, files) : LoadIdx(source, files);
}

std::optional<DatasetHeader>
ReadDatasetHeader(const DatasetSource& source, bool training)
{
    const PartFiles files = FilesOf(source, training);
    bool present = source.Problem().empty() && IsFolder(source.dir)
                   && (files.labels.empty() || Exists(files.labels));
    for (const std::string& path : files.images)
    {
        present = present && Exists(path);
    }
    if (!present)
    {
        return std::nullopt;
    }
    const std::string& imagePath = files.images[0];
    DatasetHeader header;
    if (source.format == "cifar10" || source.format == "cifar100")
    {
        for (const std::string& path : files.images)
        {
            header.samples += CountCifarRecords(path, source.format == "cifar10" ? 1 : 2);
        }
        CheckSampleCount(imagePath, header.samples);
        header.shape = { 3, 32, 32 };
    }
    else if (source.format == "npy")
    {
        const NpyArray images = ReadNpyHeader(imagePath, kNpyImageTypes);
        const NpyArray labels = ReadNpyHeader(files.labels, kNpyLabelTypes);
        header.shape = NpyImageShape(source, imagePath, images.shape);
        CheckNpyLabelShape(files.labels, labels.shape);
        CheckCounts(imagePath, images.shape[0], files.labels, labels.shape[0]);
        header.samples = images.shape[0];
    }
    else
    {
        const auto images = ReadIdxHeader(imagePath, 3, source.format == "fashion-mnist" ? 3 : 4);
        const auto labels = ReadIdxHeader(files.labels, 1, 1);
        CheckCounts(imagePath, images[0], files.labels, labels[0]);
        header.shape = IdxShape(imagePath, images);
        header.samples = images[0];
    }
    return header;
}

int
ValidationStart(const DatasetSource& source, std::uint64_t samples)
{
    if (samples <= std::uint64_t(source.validationImages))
    {
        const PartFiles files = FilesOf(source, true);
        throw Error((files.images.size() == 1 ? files.images[0] : source.dir) + ": only "
                    + std::to_string(samples)
                    + " training images; the validation split needs more than "
                    + std::to_string(source.validationImages));
    }
    return int(samples - std::uint64_t(source.validationImages));
}

} // namespace eesim
