// The IDX loader and the Fashion-MNIST splits, on small files written here and on Debian's data.
#include "base/error.h"
#include "nn/dataset.h"
#include "nn/idx-file.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <zlib.h>

using namespace eesim;

namespace
{

std::vector<unsigned char>
IdxHeader(unsigned char dims, const std::vector<std::uint32_t>& sizes)
{
    std::vector<unsigned char> bytes = { 0, 0, 0x08, dims };
    for (std::uint32_t s : sizes)
    {
        bytes.insert(bytes.end(), { (unsigned char)(s >> 24), (unsigned char)(s >> 16),
                                    (unsigned char)(s >> 8), (unsigned char)s });
    }
    return bytes;
}

void
WriteGz(const std::string& path, const std::vector<unsigned char>& bytes)
{
    gzFile file = gzopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    REQUIRE(gzwrite(file, bytes.data(), unsigned(bytes.size())) == int(bytes.size()));
    gzclose(file);
}

/** A folder with `images` 2x3 test images and `labels` labels. */
void
WriteTinyDataset(const test::TempDir& dir, std::uint32_t images, std::uint32_t labels)
{
    auto imageBytes = IdxHeader(3, { images, 2, 3 });
    for (std::uint32_t i = 0; i < images * 6; ++i)
    {
        imageBytes.push_back((unsigned char)(i % 256));
    }
    auto labelBytes = IdxHeader(1, { labels });
    for (std::uint32_t i = 0; i < labels; ++i)
    {
        labelBytes.push_back((unsigned char)(i % 10));
    }
    WriteGz(dir.File("t10k-images-idx3-ubyte.gz"), imageBytes);
    WriteGz(dir.File("t10k-labels-idx1-ubyte.gz"), labelBytes);
}

} // namespace

TEST_CASE("a valid gzipped IDX file is read with its dimensions")
{
    test::TempDir dir;
    WriteTinyDataset(dir, 4, 4);
    const IdxArray images = ReadIdxFile(dir.File("t10k-images-idx3-ubyte.gz"), 3);
    CHECK(images.dims == std::vector<std::uint32_t>{ 4, 2, 3 });
    REQUIRE(images.data.size() == 24);
    CHECK(int(images.data[23]) == 23);

    const Dataset data = Dataset::Load(dir.Path(), Split::kTest);
    CHECK(data.Size() == 4);
    CHECK(data.Label(3) == 3);
    const Tensor batch = data.Images(1, 1, InputPreprocessing{});
    CHECK(batch.Shape() == SampleShape{ 1, 2, 3 });
    CHECK(batch[0] == Approx(6.0 / 255));
}

TEST_CASE("a missing IDX file is an error naming the file")
{
    test::TempDir dir;
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("nope.gz"), 3),
                      Catch::StartsWith(dir.File("nope.gz") + ": cannot open"));
}

TEST_CASE("a missing dataset folder says how to get the data")
{
    CHECK_THROWS_WITH(Dataset::Load("/nonexistent/fashion", Split::kTest),
                      Catch::Contains("dataset folder not found")
                          && Catch::Contains("dataset-fashion-mnist"));
}

TEST_CASE("a bad IDX magic number is an error naming the file")
{
    test::TempDir dir;
    WriteGz(dir.File("x.gz"), { 0, 0, 0x0D, 3, 0, 0, 0, 1 });
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("x.gz"), 3),
                      Catch::StartsWith(dir.File("x.gz") + ": bad IDX magic 0x00000d03"));
    // Labels (1 dimension) where images (3 dimensions) are expected.
    WriteGz(dir.File("y.gz"), IdxHeader(1, { 2 }));
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("y.gz"), 3), Catch::Contains("bad IDX magic"));
}

TEST_CASE("a truncated IDX file is an error naming the file")
{
    test::TempDir dir;
    auto bytes = IdxHeader(3, { 10, 28, 28 });
    bytes.resize(bytes.size() + 100, 7); // far fewer than 7,840 pixels
    WriteGz(dir.File("short.gz"), bytes);
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("short.gz"), 3),
                      Catch::StartsWith(dir.File("short.gz") + ": truncated IDX file"));
    WriteGz(dir.File("header.gz"), { 0, 0, 8, 3, 0, 0 });
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("header.gz"), 3), Catch::Contains("truncated"));
}

TEST_CASE("an IDX header with an implausible or zero size is refused")
{
    test::TempDir dir;
    // 8192 x 2^25 x 2^26 = 2^64: would wrap to 0 in 64-bit arithmetic.
    WriteGz(dir.File("wrap.gz"), IdxHeader(3, { 8192, 1U << 25, 1U << 26 }));
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("wrap.gz"), 3), Catch::Contains("implausible size"));
    WriteGz(dir.File("zero.gz"), IdxHeader(3, { 0, 28, 28 }));
    CHECK_THROWS_WITH(ReadIdxFile(dir.File("zero.gz"), 3), Catch::Contains("implausible size"));
}

TEST_CASE("an image and label count mismatch is an error naming both files")
{
    test::TempDir dir;
    WriteTinyDataset(dir, 4, 5);
    CHECK_THROWS_WITH(Dataset::Load(dir.Path(), Split::kTest),
                      Catch::Contains("holds 4 images but") && Catch::Contains("5 labels"));
}

TEST_CASE("Fashion-MNIST splits into 55,000 train, 5,000 validation and 10,000 test images")
{
    const Dataset train = Dataset::Load(test::FashionMnistDir(), Split::kTrain);
    const Dataset val = Dataset::Load(test::FashionMnistDir(), Split::kValidation);
    const Dataset testSplit = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    CHECK(train.Size() == 55000);
    CHECK(val.Size() == 5000);
    CHECK(testSplit.Size() == 10000);
    CHECK(train.Shape() == SampleShape{ 1, 28, 28 });
    // Every class is present in the validation split, roughly balanced.
    std::vector<int> counts(10, 0);
    for (int i = 0; i < val.Size(); ++i)
    {
        ++counts[val.Label(i)];
    }
    for (int c : counts)
    {
        CHECK(c > 400);
        CHECK(c < 600);
    }
    CHECK(ParseSplit("val") == Split::kValidation);
    CHECK_THROWS_WITH(ParseSplit("dev"), Catch::Contains("expected train, val or test"));
}
