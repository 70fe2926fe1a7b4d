#ifndef EESIM_TESTS_DATASET_FILES_H
#define EESIM_TESTS_DATASET_FILES_H

// Small data set files written by the tests themselves (IDX, CIFAR batches, NumPy .npy), and a
// tiny model for 3-channel 32x32 images: nothing is downloaded.
#include "nn/model-file.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace eesim::test
{

using Bytes = std::vector<unsigned char>;

inline void
WriteFileBytes(const std::string& path, const Bytes& bytes)
{
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}

/** An IDX file of unsigned bytes: the magic, the sizes big-endian, then the values. */
inline Bytes
IdxBytes(const std::vector<std::uint32_t>& dims, const Bytes& values)
{
    Bytes bytes = { 0, 0, 0x08, static_cast<unsigned char>(dims.size()) };
    for (std::uint32_t d : dims)
    {
        bytes.insert(bytes.end(),
                     { static_cast<unsigned char>(d >> 24), static_cast<unsigned char>(d >> 16),
                       static_cast<unsigned char>(d >> 8), static_cast<unsigned char>(d) });
    }
    bytes.insert(bytes.end(), values.begin(), values.end());
    return bytes;
}

/** The value of byte `i` of sample `n` in the test data sets: different everywhere that
 *  matters, and easy to state in a check. */
inline unsigned char
PixelValue(int n, int i)
{
    return static_cast<unsigned char>((7 * n + 3 * i) % 256);
}

/** `records` CIFAR records: `labelBytes` label bytes (record r's last one is labels[r]; a
 *  CIFAR-100 coarse label of 19 - fine % 20 before it) and 3,072 pixels PixelValue(first + r,
 *  i). */
inline Bytes
CifarBytes(const std::vector<int>& labels, int labelBytes, int first = 0)
{
    Bytes bytes;
    for (std::size_t r = 0; r < labels.size(); ++r)
    {
        if (labelBytes == 2)
        {
            bytes.push_back(static_cast<unsigned char>(19 - labels[r] % 20));
        }
        bytes.push_back(static_cast<unsigned char>(labels[r]));
        for (int i = 0; i < 3072; ++i)
        {
            bytes.push_back(PixelValue(first + int(r), i));
        }
    }
    return bytes;
}

/** A CIFAR-10 folder: five training batches of `perBatch` records, a test batch of `test`;
 *  labels are the sample index modulo 10 (training samples count on across batches). */
inline void
WriteCifar10(const std::string& dir, int perBatch, int test)
{
    for (int b = 0; b < 5; ++b)
    {
        std::vector<int> labels;
        for (int r = 0; r < perBatch; ++r)
        {
            labels.push_back((b * perBatch + r) % 10);
        }
        WriteFileBytes(dir + "/data_batch_" + std::to_string(b + 1) + ".bin",
                       CifarBytes(labels, 1, b * perBatch));
    }
    std::vector<int> labels;
    for (int r = 0; r < test; ++r)
    {
        labels.push_back(r % 10);
    }
    WriteFileBytes(dir + "/test_batch.bin", CifarBytes(labels, 1));
}

/** A .npy file: magic, version, header (padded with spaces to a multiple of 64 bytes, ending in
 *  a newline, as NumPy writes it), then the raw values. */
inline Bytes
NpyBytes(const std::string& descr, const std::vector<std::uint64_t>& shape, const Bytes& values,
         int major = 1, bool fortran = false)
{
    std::string dims;
    for (std::uint64_t d : shape)
    {
        dims += std::to_string(d) + ", ";
    }
    if (shape.size() > 1)
    {
        dims.resize(dims.size() - 2);
    }
    else if (shape.size() == 1)
    {
        dims.resize(dims.size() - 1);
    }
    std::string header = "{'descr': '" + descr + "', 'fortran_order': "
                         + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }";
    const std::size_t prefix = major == 1 ? 10 : 12;
    while ((prefix + header.size() + 1) % 64 != 0)
    {
        header += ' ';
    }
    header += '\n';
    Bytes bytes = { 0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<unsigned char>(major), 0 };
    const std::size_t length = header.size();
    for (std::size_t i = 0; i < (major == 1 ? 2U : 4U); ++i)
    {
        bytes.push_back(static_cast<unsigned char>(length >> (8 * i)));
    }
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), values.begin(), values.end());
    return bytes;
}

/** The bytes of values of a plain type, little-endian as the host. */
template <typename T>
Bytes
RawBytes(const std::vector<T>& values)
{
    Bytes bytes(values.size() * sizeof(T));
    std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

/** A two-segment model for C x 32 x 32 input: a 3x3 convolution, pooling and a linear exit
 *  each, with seeded random weights; `preprocessing` is stored in it. */
inline MultiExitModel
TinyImageModel(const InputPreprocessing& preprocessing, int channels = 3, int classes = 10)
{
    Architecture arch;
    arch.name = "tiny-rgb";
    arch.input = { channels, 32, 32 };
    arch.classes = classes;
    arch.preprocessing = preprocessing;
    const std::string out = "out_features=" + std::to_string(classes);
    arch.segments = {
        { { LayerSpec::Parse("conv2d out_channels=4 kernel=3 padding=1"), LayerSpec::Parse("relu"),
            LayerSpec::Parse("max_pool kernel=4") },
          { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear " + out) } },
        { { LayerSpec::Parse("conv2d out_channels=4 kernel=3 padding=1"), LayerSpec::Parse("relu"),
            LayerSpec::Parse("max_pool kernel=2") },
          { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear " + out) } },
    };
    MultiExitModel model = MultiExitModel::Build(arch);
    model.Initialize(7);
    return model;
}

} // namespace eesim::test

#endif
