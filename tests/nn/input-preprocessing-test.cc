// Input preprocessing: the default is bit-identical to pixel / 255, mean, std and channel order by
// hand, its header line, and a model file holding it (format version 2).
#include "base/crc32.h"
#include "base/error.h"
#include "nn/dataset.h"
#include "nn/input-preprocessing.h"
#include "nn/model-file.h"
#include "tests/dataset-files.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <iterator>

using namespace eesim;

namespace
{

std::string
ReadBinary(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string
Header(const std::string& path)
{
    const std::string bytes = ReadBinary(path);
    std::uint32_t length = 0;
    std::memcpy(&length, bytes.data() + 12, 4);
    return bytes.substr(16, length);
}

std::uint32_t
Bits(float value)
{
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, 4);
    return bits;
}

} // namespace

TEST_CASE("the default preprocessing is bit-identical to float(byte) / 255.0F for every byte")
{
    std::vector<std::uint8_t> raw(256);
    for (int i = 0; i < 256; ++i)
    {
        raw[std::size_t(i)] = std::uint8_t(i);
    }
    std::vector<float> out(256);
    const InputPreprocessing preprocessing;
    CHECK(preprocessing.IsDefault());
    preprocessing.Apply(raw.data(), { 1, 16, 16 }, out.data());
    for (int i = 0; i < 256; ++i)
    {
        INFO(i);
        CHECK(Bits(out[std::size_t(i)]) == Bits(float(raw[std::size_t(i)]) / 255.0F));
    }
    // Through a data set, as the trainer, evaluation and the request sources take it.
    std::vector<std::int32_t> labels = { 0 };
    const Dataset data({ 1, 16, 16 }, raw, labels);
    const Tensor batch = data.Images(0, 1, preprocessing);
    for (int i = 0; i < 256; ++i)
    {
        CHECK(Bits(batch[std::size_t(i)]) == Bits(float(i) / 255.0F));
    }
}

TEST_CASE("mean, std, divisor and BGR order work as computed by hand")
{
    // Two pixels per channel: R = 10, 20; G = 30, 40; B = 50, 60.
    const std::vector<std::uint8_t> raw = { 10, 20, 30, 40, 50, 60 };
    InputPreprocessing p;
    p.divisor = 10;
    p.mean = { 1, 2, 3 };
    p.std = { 0.5F, 2, 4 };
    std::vector<float> out(6);
    p.Apply(raw.data(), { 3, 1, 2 }, out.data());
    CHECK(out == std::vector<float>{ 0, 2, 0.5F, 1, 0.5F, 0.75F });
    // BGR: model channel 0 is the data set's blue; mean and std follow the model's order.
    p.bgr = true;
    p.Apply(raw.data(), { 3, 1, 2 }, out.data());
    CHECK(out == std::vector<float>{ 8, 10, 0.5F, 1, -0.5F, -0.25F });
    // Float samples are divided too (divisor 1 keeps them as they are).
    const std::vector<float> values = { 0.5F, -1, 2, 4, 8, 16 };
    InputPreprocessing floats;
    floats.divisor = 1;
    floats.std = { 2, 2, 2 };
    floats.Apply(values.data(), { 3, 1, 2 }, out.data());
    CHECK(out == std::vector<float>{ 0.25F, -0.5F, 1, 2, 4, 8 });
}

TEST_CASE("the preprocess line reads back exactly and refuses what does not fit")
{
    InputPreprocessing p;
    p.divisor = 255;
    p.mean = { 0.4914F, 0.4822F, 0.4465F };
    p.std = { 0.247F, 0.243F, 0.261F };
    p.bgr = true;
    CHECK(p.ToText() == "divisor=255 mean=0.4914,0.4822,0.4465 std=0.247,0.243,0.261 order=bgr");
    CHECK(InputPreprocessing::FromText(p.ToText()) == p);
    CHECK(InputPreprocessing::FromText("divisor=1 order=rgb")
          == InputPreprocessing{ 1, {}, {}, false });
    CHECK(p.Problem(3).empty());
    CHECK(p.Problem(1) == "3 mean values for an input of 1 channel (give one per channel)");
    CHECK_THROWS_WITH(InputPreprocessing::FromText("divisor=abc"),
                      "preprocess: divisor \"abc\" is not a finite number");
    CHECK_THROWS_WITH(InputPreprocessing::FromText("scale=2"),
                      Catch::StartsWith("preprocess: unknown field \"scale=2\""));
    InputPreprocessing zero;
    zero.std = { 0 };
    CHECK(zero.Problem(1) == "every std value must be a positive number, got 0");
}

TEST_CASE("a model with preprocessing round-trips through a version 2 file, others stay version 1")
{
    test::TempDir dir;
    InputPreprocessing p;
    p.mean = { 0.5F, 0.25F, 0.125F };
    p.std = { 0.2F, 0.3F, 0.4F };
    p.bgr = true;
    MultiExitModel model = test::TinyImageModel(p);
    ModelFile::Save(model, dir.File("m.eem"));
    CHECK(ModelFile::FormatVersion(dir.File("m.eem")) == 2);
    CHECK_THAT(Header(dir.File("m.eem")),
               Catch::Contains("\npreprocess divisor=255 mean=0.5,0.25,0.125 std=0.2,0.3,0.4 "
                               "order=bgr\n"));
    MultiExitModel loaded = ModelFile::Load(dir.File("m.eem"));
    CHECK(loaded.Preprocessing() == p);
    ModelFile::Save(loaded, dir.File("again.eem"));
    CHECK(ReadBinary(dir.File("again.eem")) == ReadBinary(dir.File("m.eem")));

    // Without preprocessing nothing changes: the same layers write version 1, no preprocess line.
    MultiExitModel plain = test::TinyImageModel(InputPreprocessing{});
    ModelFile::Save(plain, dir.File("plain.eem"));
    CHECK(ModelFile::FormatVersion(dir.File("plain.eem")) == 1);
    CHECK_THAT(Header(dir.File("plain.eem")), !Catch::Contains("preprocess"));
    // The shipped model's text and checksum are those it always had.
    MultiExitModel shipped = ModelFile::Load(test::ShippedModel());
    ModelFile::Save(shipped, dir.File("shipped.eem"));
    CHECK(ModelFile::Checksum(dir.File("shipped.eem"))
          == ModelFile::Checksum(test::ShippedModel()));

    // A version 1 file with a preprocess line (checksum recomputed) is refused: a reader of the
    // first format would feed such a model pixel / 255.
    std::string bytes = ReadBinary(dir.File("m.eem"));
    bytes[8] = 1;
    const std::uint32_t crc = Crc32(bytes.data(), bytes.size() - 4);
    std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
    std::ofstream(dir.File("v1.eem"), std::ios::binary) << bytes;
    CHECK_THROWS_WITH(
        ModelFile::Load(dir.File("v1.eem")),
        Catch::Contains("input preprocessing need format version 2, the file says 1"));
}
