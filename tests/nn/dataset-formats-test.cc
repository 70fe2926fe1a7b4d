// Every data set format on small files written here: values and labels exactly, the splits, the
// headers validate reads, and one clear error per kind of damage.
#include "base/error.h"
#include "nn/dataset-formats.h"
#include "nn/dataset.h"
#include "tests/dataset-files.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::Bytes;
using test::PixelValue;
using test::WriteFileBytes;

namespace
{

DatasetSource
Source(const std::string& format, const std::string& dir)
{
    DatasetSource source;
    source.format = format;
    source.dir = dir;
    return source;
}

/** Sample n's value i as the data set stores it, through divisor 1 (raw bytes as floats). */
float
Raw(const Dataset& data, int n, std::size_t i)
{
    InputPreprocessing identity;
    identity.divisor = 1;
    return data.Images(n, 1, identity)[i];
}

} // namespace

TEST_CASE("idx: any IDX pair, grey [N, H, W] or [N, C, H, W], under named files")
{
    test::TempDir dir;
    Bytes pixels;
    for (int n = 0; n < 3; ++n)
    {
        for (int i = 0; i < 2 * 2 * 3; ++i)
        {
            pixels.push_back(PixelValue(n, i));
        }
    }
    WriteFileBytes(dir.File("colour-images"), test::IdxBytes({ 3, 2, 2, 3 }, pixels));
    WriteFileBytes(dir.File("colour-labels"), test::IdxBytes({ 3 }, { 200, 7, 42 }));
    DatasetSource source = Source("idx", dir.Path());
    source.testImages = "colour-images";
    source.testLabels = "colour-labels";
    const Dataset data = Dataset::Load(source, Split::kTest);
    REQUIRE(data.Size() == 3);
    CHECK(data.Shape() == SampleShape{ 2, 2, 3 });
    CHECK(data.Label(0) == 200); // labels are any byte, not only 0-9
    CHECK(data.Label(2) == 42);
    for (std::size_t i = 0; i < 12; ++i)
    {
        CHECK(Raw(data, 2, i) == PixelValue(2, int(i)));
    }
    const auto header = ReadDatasetHeader(source, false);
    REQUIRE(header);
    CHECK(header->shape == SampleShape{ 2, 2, 3 });
    CHECK(header->samples == 3);

    // Under the standard names (gzip optional), three dimensions are one grey channel.
    WriteFileBytes(dir.File("t10k-images-idx3-ubyte"), test::IdxBytes({ 3, 2, 6 }, pixels));
    WriteFileBytes(dir.File("t10k-labels-idx1-ubyte"), test::IdxBytes({ 3 }, { 1, 2, 3 }));
    const Dataset grey = Dataset::Load(Source("idx", dir.Path()), Split::kTest);
    CHECK(grey.Shape() == SampleShape{ 1, 2, 6 });
    CHECK(grey.Label(1) == 2);
    // Fashion-MNIST's own format takes three dimensions only.
    WriteFileBytes(dir.File("t10k-images-idx3-ubyte"), test::IdxBytes({ 3, 2, 2, 3 }, pixels));
    CHECK_THROWS_WITH(Dataset::Load(dir.Path(), Split::kTest),
                      dir.File("t10k-images-idx3-ubyte")
                          + ": bad IDX magic 0x00000804 (expected 0x00000803, unsigned bytes in 3 "
                            "dimensions)");
}

TEST_CASE("cifar10: five training batches and a test batch, RGB planes, the validation split")
{
    test::TempDir dir;
    test::WriteCifar10(dir.Path(), 4, 3);
    DatasetSource source = Source("cifar10", dir.Path());
    source.validationImages = 6;
    const Dataset testPart = Dataset::Load(source, Split::kTest);
    REQUIRE(testPart.Size() == 3);
    CHECK(testPart.Shape() == SampleShape{ 3, 32, 32 });
    CHECK(testPart.Label(2) == 2);
    // Byte 1024 of a record is the green plane's first pixel: sample channel 1, row 0, column 0.
    CHECK(Raw(testPart, 1, 1024) == PixelValue(1, 1024));
    CHECK(Raw(testPart, 2, 3071) == PixelValue(2, 3071));

    // 20 training samples: train = the first 14, val = the last 6 (batches 4 and 5 in part).
    const Dataset train = Dataset::Load(source, Split::kTrain);
    const Dataset val = Dataset::Load(source, Split::kValidation);
    REQUIRE(train.Size() == 14);
    REQUIRE(val.Size() == 6);
    CHECK(train.Label(13) == 3);
    CHECK(val.Label(0) == 4); // sample 14
    CHECK(Raw(val, 0, 5) == PixelValue(14, 5));
    CHECK(Raw(val, 5, 2000) == PixelValue(19, 2000));
    const auto header = ReadDatasetHeader(source, true);
    REQUIRE(header);
    CHECK(header->samples == 20);
    CHECK(header->shape == SampleShape{ 3, 32, 32 });

    source.validationImages = 20;
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kValidation),
                      dir.Path()
                          + ": only 20 training images; the validation split needs more "
                            "than 20");
}

TEST_CASE("cifar100: the fine label, after the coarse one")
{
    test::TempDir dir;
    WriteFileBytes(dir.File("test.bin"), test::CifarBytes({ 99, 0, 57 }, 2));
    WriteFileBytes(dir.File("train.bin"), test::CifarBytes({ 1, 2, 3, 4 }, 2));
    DatasetSource source = Source("cifar100", dir.Path());
    const Dataset data = Dataset::Load(source, Split::kTest);
    REQUIRE(data.Size() == 3);
    CHECK(data.Label(0) == 99);
    CHECK(data.Label(2) == 57);
    CHECK(Raw(data, 2, 100) == PixelValue(2, 100));
    source.validationImages = 1;
    CHECK(Dataset::Load(source, Split::kValidation).Label(0) == 4);
}

TEST_CASE("npy: uint8 and float32 images, NCHW, NHWC or grey, int64, int32 or uint8 labels")
{
    test::TempDir dir;
    // Two samples of 3 x 2 x 2 written NHWC: value at (n, h, w, c) = 100n + 10c + 2h + w.
    std::vector<float> nhwc;
    for (int n = 0; n < 2; ++n)
    {
        for (int h = 0; h < 2; ++h)
        {
            for (int w = 0; w < 2; ++w)
            {
                for (int c = 0; c < 3; ++c)
                {
                    nhwc.push_back(float(100 * n + 10 * c + 2 * h + w) + 0.5F);
                }
            }
        }
    }
    WriteFileBytes(dir.File("test_images.npy"),
                   test::NpyBytes("<f4", { 2, 2, 2, 3 }, test::RawBytes(nhwc), 2));
    WriteFileBytes(
        dir.File("test_labels.npy"),
        test::NpyBytes("<i8", { 2 }, test::RawBytes(std::vector<std::int64_t>{ 99999, 3 })));
    DatasetSource source = Source("npy", dir.Path());
    source.layout = "nhwc";
    const Dataset data = Dataset::Load(source, Split::kTest);
    REQUIRE(data.Size() == 2);
    CHECK(data.HoldsFloats());
    CHECK(data.Shape() == SampleShape{ 3, 2, 2 });
    CHECK(data.Label(0) == 99999);
    // Stored C x H x W: element c * 4 + h * 2 + w.
    CHECK(Raw(data, 1, 2 * 4 + 1 * 2 + 0) == 100 + 20 + 2 + 0.5F);
    CHECK(Raw(data, 0, 0 * 4 + 0 * 2 + 1) == 1.5F);

    // The same array read as NCHW is [3 x 2 x 2] read in the other order: shape 2 x 2 x 3.
    source.layout = "nchw";
    CHECK(ReadDatasetHeader(source, false)->shape == SampleShape{ 2, 2, 3 });

    // uint8 grey [N, H, W] with int32 labels, and with uint8 labels.
    WriteFileBytes(dir.File("g.npy"), test::NpyBytes("|u1", { 3, 1, 2 }, { 1, 2, 3, 4, 5, 6 }));
    WriteFileBytes(
        dir.File("l32.npy"),
        test::NpyBytes("<i4", { 3 }, test::RawBytes(std::vector<std::int32_t>{ 7, 8, 9 })));
    WriteFileBytes(dir.File("l8.npy"), test::NpyBytes("|u1", { 3 }, { 4, 5, 6 }));
    source.testImages = "g.npy";
    source.testLabels = "l32.npy";
    const Dataset grey = Dataset::Load(source, Split::kTest);
    CHECK(grey.Shape() == SampleShape{ 1, 1, 2 });
    CHECK_FALSE(grey.HoldsFloats());
    CHECK(grey.Label(2) == 9);
    CHECK(Raw(grey, 2, 1) == 6);
    source.testLabels = "l8.npy";
    CHECK(Dataset::Load(source, Split::kTest).Label(0) == 4);
}

TEST_CASE("npy: bad magic, version, dtype, Fortran order, truncation and shapes are one line each")
{
    test::TempDir dir;
    const Bytes three = test::RawBytes(std::vector<std::int64_t>{ 0, 1, 2 });
    const Bytes pixels(3 * 4, 9);
    WriteFileBytes(dir.File("test_labels.npy"), test::NpyBytes("<i8", { 3 }, three));
    DatasetSource source = Source("npy", dir.Path());
    const std::string images = dir.File("test_images.npy");
    auto refusal = [&](const Bytes& bytes, const std::string& message)
    {
        WriteFileBytes(images, bytes);
        CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest), images + ": " + message);
    };
    Bytes magic = test::NpyBytes("|u1", { 3, 2, 2 }, pixels);
    magic[1] = 'X';
    refusal(magic, "not a .npy file (bad magic)");
    refusal(test::NpyBytes("|u1", { 3, 2, 2 }, pixels, 3),
            "unsupported .npy version 3.0 (eesim reads 1.0 and 2.0)");
    refusal(test::NpyBytes("<f8", { 3, 2, 2 }, Bytes(3 * 4 * 8)),
            "unsupported dtype '<f8' (expected '|u1' or '<f4')");
    refusal(test::NpyBytes("|u1", { 3, 2, 2 }, pixels, 1, true),
            "Fortran-order array; save it in C order (numpy.ascontiguousarray) for eesim");
    refusal(test::NpyBytes("|u1", { 3, 2, 2 }, Bytes(11)),
            "truncated .npy file (its header declares 12 bytes of data, the file holds 11)");
    refusal(test::NpyBytes("|u1", { 3, 2, 2 }, Bytes(13)),
            "1 bytes after the data its header declares");
    refusal(test::NpyBytes("|u1", { 3, 4 }, pixels),
            "images of 2 dimensions (expected [N, H, W], or [N, C, H, W] / [N, H, W, C] as layout "
            "says)");
    refusal(test::NpyBytes("|u1", { 4, 3, 1 }, pixels),
            "holds 4 images but " + dir.File("test_labels.npy") + " holds 3 labels");
    Bytes garbled = test::NpyBytes("|u1", { 3, 2, 2 }, pixels);
    garbled[30] = '@';
    WriteFileBytes(images, garbled);
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest),
                      Catch::StartsWith(images + ": malformed .npy header ("));

    WriteFileBytes(images, test::NpyBytes("|u1", { 3, 2, 2 }, pixels));
    WriteFileBytes(
        dir.File("test_labels.npy"),
        test::NpyBytes("<i8", { 3 }, test::RawBytes(std::vector<std::int64_t>{ 0, -1, 2 })));
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest),
                      dir.File("test_labels.npy") + ": label -1 at index 1 out of range 0-99999");
    WriteFileBytes(dir.File("test_labels.npy"), test::NpyBytes("<f4", { 3 }, Bytes(12)));
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest),
                      dir.File("test_labels.npy")
                          + ": unsupported dtype '<f4' (expected '<i8', '<i4' or '|u1')");
}

TEST_CASE("cifar: a truncated batch, a label out of range or a missing batch names the file")
{
    test::TempDir dir;
    Bytes cut = test::CifarBytes({ 1, 2 }, 1);
    cut.resize(cut.size() - 100);
    WriteFileBytes(dir.File("test_batch.bin"), cut);
    const DatasetSource source = Source("cifar10", dir.Path());
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest),
                      dir.File("test_batch.bin")
                          + ": 6046 bytes, not a whole number of 3073-byte records (1 label byte "
                            "and 3072 pixel bytes each): truncated, or not a CIFAR-10 batch");
    // The header check sees the truncation from the size alone.
    CHECK_THROWS_WITH(ReadDatasetHeader(source, false), Catch::Contains("not a whole number"));
    WriteFileBytes(dir.File("test_batch.bin"), test::CifarBytes({ 1, 10 }, 1));
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTest),
                      dir.File("test_batch.bin") + ": record 1 has label 10, out of range 0-9");
    CHECK_THROWS_WITH(Dataset::Load(source, Split::kTrain),
                      dir.File("data_batch_1.bin") + ": cannot open");
    CHECK_FALSE(ReadDatasetHeader(source, true)); // not there: left to the run
    CHECK_THROWS_WITH(Dataset::Load(Source("cifar10", dir.File("none")), Split::kTest),
                      dir.File("none") + ": dataset folder not found (format cifar10)");
}

TEST_CASE("a data set's samples against a model: shape and labels, naming both sides")
{
    const Dataset data({ 3, 2, 2 }, std::vector<std::uint8_t>(24, 1), { 0, 12 });
    CHECK(data.MismatchWith("npy", { 3, 2, 2 }, 13, "m.eem").empty());
    CHECK(data.MismatchWith("cifar10", { 1, 28, 28 }, 10, "m.eem")
          == "cifar10 samples are 3x2x2 but the model m.eem takes 1x28x28");
    CHECK(data.MismatchWith("npy", { 2, 2, 3 }, 13, "m.eem")
          == "npy samples are 3x2x2 but the model m.eem takes 2x2x3 (is the layout right? nchw "
             "reads images as [N, C, H, W], nhwc as [N, H, W, C])");
    CHECK(data.MismatchWith("idx", { 3, 2, 2 }, 10, "m.eem")
          == "sample 1 has label 12 but the model m.eem has 10 classes (0 to 9)");
}
