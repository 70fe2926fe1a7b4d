// The model file: bit-identical round trip, and a clear refusal of every kind of damage.
#include "base/error.h"
#include "nn/model-file.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <zlib.h>

using namespace eesim;

namespace
{

MultiExitModel
SmallModel()
{
    Architecture arch;
    arch.name = "small";
    arch.input = { 1, 6, 6 };
    arch.classes = 3;
    arch.segments
        = { { { LayerSpec::Parse("conv2d out_channels=2 kernel=3 padding=1"),
                LayerSpec::Parse("batch_norm"), LayerSpec::Parse("relu") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=3") } },
            { { LayerSpec::Parse("max_pool kernel=2") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=5"),
                LayerSpec::Parse("batch_norm"), LayerSpec::Parse("relu"),
                LayerSpec::Parse("linear out_features=3") } } };
    MultiExitModel model = MultiExitModel::Build(arch);
    model.Initialize(42);
    // Non-trivial batch-norm statistics, as after training.
    Random random(1);
    for (Parameter* p : model.Parameters())
    {
        for (float& v : p->value)
        {
            v += p->trainable ? 0.1F * float(random.Normal()) : 0.5F + random.Uniform();
        }
    }
    return model;
}

std::vector<char>
ReadBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void
WriteBytes(const std::string& path, const std::vector<char>& bytes)
{
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

Tensor
Input(int batch)
{
    Tensor x(batch, { 1, 6, 6 });
    Random random(9);
    for (std::size_t i = 0; i < x.Size(); ++i)
    {
        x[i] = random.Uniform();
    }
    return x;
}

} // namespace

TEST_CASE("save then load gives bit-identical parameters and an identical file")
{
    test::TempDir dir;
    MultiExitModel model = SmallModel();
    model.Metadata().emplace_back("dataset", "unit test");
    ModelFile::Save(model, dir.File("a.eem"));
    MultiExitModel loaded = ModelFile::Load(dir.File("a.eem"));
    const auto original = model.Parameters();
    const auto copy = loaded.Parameters();
    REQUIRE(original.size() == copy.size());
    for (std::size_t i = 0; i < original.size(); ++i)
    {
        CHECK(original[i]->value == copy[i]->value); // exact float equality
    }
    CHECK(loaded.GetArchitecture().ToText() == model.GetArchitecture().ToText());
    ModelFile::Save(loaded, dir.File("b.eem"));
    CHECK(ReadBytes(dir.File("a.eem")) == ReadBytes(dir.File("b.eem")));
    CHECK(ModelFile::Checksum(dir.File("a.eem")).size() == 8);
}

TEST_CASE("a flipped byte fails the checksum")
{
    test::TempDir dir;
    MultiExitModel model = SmallModel();
    ModelFile::Save(model, dir.File("m.eem"));
    auto bytes = ReadBytes(dir.File("m.eem"));
    bytes[bytes.size() - 20] ^= 0x01;
    WriteBytes(dir.File("m.eem"), bytes);
    CHECK_THROWS_WITH(ModelFile::Load(dir.File("m.eem")),
                      dir.File("m.eem") + ": checksum mismatch: the file is corrupt");
}

TEST_CASE("a truncated model file is refused as truncated")
{
    test::TempDir dir;
    MultiExitModel model = SmallModel();
    ModelFile::Save(model, dir.File("m.eem"));
    auto bytes = ReadBytes(dir.File("m.eem"));
    for (std::size_t keep :
         { bytes.size() - 1, bytes.size() / 2, std::size_t(20), std::size_t(10) })
    {
        WriteBytes(dir.File("t.eem"), std::vector<char>(bytes.begin(), bytes.begin() + long(keep)));
        INFO("kept " << keep << " bytes");
        CHECK_THROWS_WITH(ModelFile::Load(dir.File("t.eem")),
                          Catch::StartsWith(dir.File("t.eem") + ": truncated model file"));
    }
}

TEST_CASE("a folder or a device given as the model is refused before anything is read")
{
    test::TempDir dir;
    CHECK_THROWS_WITH(ModelFile::Load(dir.Path()), dir.Path() + ": is a folder, not a file");
    // /dev/zero would be read until memory ran out.
    CHECK_THROWS_WITH(ModelFile::Load("/dev/zero"), "/dev/zero: not a regular file");
    CHECK_THROWS_WITH(ModelFile::Checksum("/dev/urandom"), "/dev/urandom: not a regular file");
}

TEST_CASE("a foreign file, a missing file and a future version are refused")
{
    test::TempDir dir;
    WriteBytes(dir.File("x.eem"), std::vector<char>(100, 'x'));
    CHECK_THROWS_WITH(ModelFile::Load(dir.File("x.eem")), Catch::Contains("bad magic"));
    CHECK_THROWS_WITH(ModelFile::Load(dir.File("none.eem")),
                      Catch::StartsWith(dir.File("none.eem") + ": cannot open model file"));
    MultiExitModel model = SmallModel();
    ModelFile::Save(model, dir.File("m.eem"));
    auto bytes = ReadBytes(dir.File("m.eem"));
    bytes[8] = 3;
    WriteBytes(dir.File("v.eem"), bytes);
    CHECK_THROWS_WITH(ModelFile::Load(dir.File("v.eem")),
                      Catch::Contains("unsupported model format version 3 (this eesim reads "
                                      "versions 1 to 2)"));
}

TEST_CASE("folding batch norm keeps every exit's inference output")
{
    MultiExitModel model = SmallModel();
    MultiExitModel folded = model;
    folded.FoldBatchNorm();
    CHECK(folded.GetArchitecture().ToText().find("batch_norm") == std::string::npos);
    const Tensor x = Input(3);
    const auto before = model.ForwardAll(x, Mode::kInference);
    const auto after = folded.ForwardAll(x, Mode::kInference);
    for (std::size_t k = 0; k < before.size(); ++k)
    {
        for (std::size_t i = 0; i < before[k].Size(); ++i)
        {
            CHECK(after[k][i] == Approx(before[k][i]).margin(1e-5));
        }
    }
}

TEST_CASE("segments run one by one give the same logits as the whole model")
{
    MultiExitModel model = SmallModel();
    const Tensor x = Input(2);
    const auto all = model.ForwardAll(x, Mode::kInference);
    const Tensor features = model.RunSegment(0, x, Mode::kInference);
    const Tensor second
        = model.RunExit(1, model.RunSegment(1, features, Mode::kInference), Mode::kInference);
    for (std::size_t i = 0; i < second.Size(); ++i)
    {
        CHECK(second[i] == all[1][i]);
    }
    CHECK_THROWS_WITH(model.RunSegment(1, x, Mode::kInference),
                      Catch::Contains("segment 1 expects input 2x6x6"));
}

TEST_CASE("a header that claims more values than the file holds is refused before allocating")
{
    // A well-formed, correctly checksummed file whose header describes a 10^12-weight layer.
    const std::string header = "name huge\ninput 1 1 1\nclasses 10\nsegment 0\n"
                               "exit linear in_features=1000000 out_features=1000000\n"
                               "exit linear in_features=1000000 out_features=10\n";
    std::vector<char> bytes = { 'E', 'E', 'S', 'I', 'M', 'M', 'E', 'M', 1, 0, 0, 0 };
    const auto length = std::uint32_t(header.size());
    bytes.insert(bytes.end(), reinterpret_cast<const char*>(&length),
                 reinterpret_cast<const char*>(&length) + 4);
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), 8, '\0'); // zero values
    const auto crc
        = std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()), uInt(bytes.size())));
    bytes.insert(bytes.end(), reinterpret_cast<const char*>(&crc),
                 reinterpret_cast<const char*>(&crc) + 4);
    test::TempDir dir;
    WriteBytes(dir.File("huge.eem"), bytes);
    CHECK_THROWS_WITH(ModelFile::Load(dir.File("huge.eem")),
                      Catch::Contains("bad architecture") && Catch::Contains("more values than"));
}
