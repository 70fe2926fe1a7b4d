// Data sets of other formats through the executable: a model and a data set that do not fit are
// one line naming both, for every command that reads a data set; training on a CIFAR folder
// stores the preprocessing and the data set in the model.
#include "nn/model-file.h"
#include "tests/cli/cli-support.h"
#include "tests/dataset-files.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;
using namespace eesim::test;

namespace
{

/** The quickstart scenario on the CIFAR-10 folder `data`. */
std::string
CifarScenario(const TempDir& dir, const std::string& data)
{
    std::string text = ReadFile(std::string(EESIM_SOURCE_DIR) + "/scenarios/quickstart.json");
    const std::string shipped = "../models/fmnist-me4.eem";
    text.replace(text.find(shipped), shipped.size(), ShippedModel());
    std::ofstream(dir.File("cifar.json")) << text;
    return dir.File("cifar.json") + " --set dataset.format=cifar10 --set dataset.dir=" + data;
}

} // namespace

TEST_CASE("a data set whose samples the model does not take is one line naming both")
{
    TempDir dir;
    WriteCifar10(dir.Path(), 3, 5);
    const std::string mismatch = dir.Path() + ": cifar10 samples are 3x32x32 but the model "
                                 + ShippedModel() + " takes 1x28x28";
    const std::string data = " --data " + dir.Path() + " --data-format cifar10";

    const Result eval = Run("model eval " + ShippedModel() + data);
    CheckOneLineError(eval, mismatch);
    CHECK(eval.exitCode == 2);
    const Result calibrate = Run("calibrate " + ShippedModel() + data + " --validation-images 5"
                                 + " --out " + dir.File("c.json"));
    CheckOneLineError(calibrate, mismatch);
    CHECK(calibrate.exitCode == 2);
    CHECK_FALSE(Exists(dir.File("c.json")));

    // validate reads the headers; run refuses before it writes anything but the folder.
    const Result validate = Run("validate " + CifarScenario(dir, dir.Path()));
    CheckOneLineError(validate, dir.File("cifar.json") + ": /dataset: " + mismatch);
    CHECK(validate.exitCode == 2);
    const Result run
        = Run("run " + CifarScenario(dir, dir.Path()) + " --quiet --out " + dir.File("r"));
    CheckOneLineError(run, dir.File("cifar.json") + ": /dataset: " + mismatch);
    CHECK(run.exitCode == 2);
    CHECK_FALSE(Exists(dir.File("r/requests.csv")));

    std::ofstream(dir.File("t.json")) << R"({"architecture": {"input": [1, 28, 28],
        "segments": [{"body": [{"type": "flatten"}], "exit": [{"type": "linear", "out_features": 10}]}]},
        "dataset": {"format": "cifar10", "dir": ")"
                                             + dir.Path() + R"(", "validation_images": 5}})";
    const Result train = Run("train " + dir.File("t.json") + " --out " + dir.File("m.eem"));
    CheckOneLineError(train, dir.Path() + ": cifar10 samples are 3x32x32 but the model of "
                                 + dir.File("t.json") + " takes 1x28x28");
    CHECK(train.exitCode == 2);
}

TEST_CASE("labels beyond the model's classes, and bad data set options, are one line each")
{
    TempDir dir;
    WriteFileBytes(dir.File("test.bin"), CifarBytes({ 3, 57, 9 }, 2));
    MultiExitModel model = TinyImageModel(InputPreprocessing{});
    ModelFile::Save(model, dir.File("tiny.eem"));
    const Result labels = Run("model eval " + dir.File("tiny.eem") + " --data " + dir.Path()
                              + " --data-format cifar100");
    CheckOneLineError(labels, dir.Path() + ": sample 1 has label 57 but the model "
                                  + dir.File("tiny.eem") + " has 10 classes (0 to 9)");
    CHECK(labels.exitCode == 2);
    const Result format = Run("model eval " + dir.File("tiny.eem") + " --data-format cifar11");
    CheckOneLineError(format, "model eval: unknown data set format \"cifar11\" (expected one of "
                              "fashion-mnist, idx, cifar10, cifar100, npy)");
    CHECK(format.exitCode == 2);
    const Result layout = Run("model eval " + dir.File("tiny.eem") + " --data-layout nhwc");
    CheckOneLineError(layout, "model eval: --data-layout applies only with --data-format npy");
    const Result validation = Run("calibrate " + dir.File("tiny.eem") + " --validation-images 0");
    CheckOneLineError(validation, "--validation-images: expected a number from 1 to 2147483647");
}

TEST_CASE("npy arrays that cannot be read are one line naming the file")
{
    TempDir dir;
    MultiExitModel model = TinyImageModel(InputPreprocessing{}, 1);
    ModelFile::Save(model, dir.File("tiny.eem"));
    WriteFileBytes(dir.File("test_labels.npy"),
                   NpyBytes("<i8", { 2 }, RawBytes(std::vector<std::int64_t>{ 1, 2 })));
    const std::string images = dir.File("test_images.npy");
    const std::string eval
        = "model eval " + dir.File("tiny.eem") + " --data " + dir.Path() + " --data-format npy";
    const Bytes pixels(2 * 32 * 32, 1);
    WriteFileBytes(images, NpyBytes("<f8", { 2, 32, 32 }, Bytes(8 * pixels.size())));
    CheckOneLineError(Run(eval), images + ": unsupported dtype '<f8' (expected '|u1' or '<f4')");
    WriteFileBytes(images, NpyBytes("|u1", { 2, 32, 32 }, pixels, 1, true));
    CheckOneLineError(Run(eval), images + ": Fortran-order array");
    WriteFileBytes(images, NpyBytes("|u1", { 3, 32, 32 }, Bytes(3 * 32 * 32)));
    CheckOneLineError(Run(eval), images + ": holds 3 images but " + dir.File("test_labels.npy")
                                     + " holds 2 labels");
    WriteFileBytes(images, NpyBytes("|u1", { 2, 32, 32 }, Bytes(100)));
    CheckOneLineError(Run(eval), images + ": truncated .npy file");
    WriteFileBytes(images, Bytes(100, 'x'));
    const Result magic = Run(eval);
    CheckOneLineError(magic, images + ": not a .npy file (bad magic)");
    CHECK(magic.exitCode == 2);
    // Right at last: NHWC uint8 read as NCHW says which layout would fit.
    WriteFileBytes(images, NpyBytes("|u1", { 2, 32, 32, 1 }, pixels));
    CheckOneLineError(Run(eval), "npy samples are 32x32x1 but the model " + dir.File("tiny.eem")
                                     + " takes 1x32x32 (is the layout right?");
    const Result fits = Run(eval + " --data-layout nhwc");
    INFO(fits.output);
    CHECK(fits.exitCode == 0);
    CHECK_THAT(fits.output, Catch::Contains("on the test split, 2 images"));
}

TEST_CASE("training on a CIFAR-10 folder stores the preprocessing and the data set in the model")
{
    TempDir dir;
    WriteCifar10(dir.Path(), 4, 6);
    std::ofstream(dir.File("t.json")) << R"({"name": "tiny-cifar",
        "dataset": {"format": "cifar10", "dir": ")"
                                             + dir.Path() + R"(", "validation_images": 4},
        "preprocess": {"mean": [0.4914, 0.4822, 0.4465], "std": [0.247, 0.243, 0.261],
                       "order": "bgr"},
        "architecture": {"input": [3, 32, 32], "segments": [
          {"body": [{"type": "conv2d", "out_channels": 2, "kernel": 3}, {"type": "max_pool", "kernel": 6}],
           "exit": [{"type": "flatten"}, {"type": "linear", "out_features": 10}]}]},
        "training": {"epochs": 1, "batch_size": 4, "shards": 1, "threads": 1}})";
    const Result train = Run("train " + dir.File("t.json") + " --quiet");
    INFO(train.output);
    REQUIRE(train.exitCode == 0);
    const Result info = Run("model info " + dir.File("tiny-cifar.eem"));
    CHECK_THAT(info.output, Catch::Contains("(format 2, checksum"));
    CHECK_THAT(info.output, Catch::Contains("preprocess divisor=255 mean=0.4914,0.4822,0.4465 "
                                            "std=0.247,0.243,0.261 order=bgr\n"));
    CHECK_THAT(info.output, Catch::Contains("dataset   cifar10 train[0:16]"));
    const Result eval = Run("model eval " + dir.File("tiny-cifar.eem") + " --data " + dir.Path()
                            + " --data-format cifar10 --split val --validation-images 4");
    CHECK(eval.exitCode == 0);
    CHECK_THAT(eval.output, Catch::Contains("on the val split, 4 images"));

    std::ofstream(dir.File("bad.json")) << R"({"data_dir": "x", "dataset": {"dir": "y",
        "format": "cifar", "layout": "nhwc"}, "preprocess": {"mean": [0.5], "order": "gbr"},
        "architecture": {"input": [3, 32, 32], "segments": [{"body": [{"type": "flatten"}],
        "exit": [{"type": "linear", "out_features": 10}]}]}})";
    const Result bad = Run("train " + dir.File("bad.json"));
    INFO(bad.output);
    CHECK(bad.exitCode == 2);
    CHECK_THAT(bad.output, Catch::Contains("/data_dir: the folder is given twice"));
    CHECK_THAT(bad.output, Catch::Contains("/dataset/format: expected one of fashion-mnist, idx, "
                                           "cifar10, cifar100, npy, got \"cifar\""));
    CHECK_THAT(bad.output, Catch::Contains("/dataset/layout: applies only when format is \"npy\""));
    CHECK_THAT(bad.output, Catch::Contains("/preprocess/mean: expected one value per input "
                                           "channel (3), got 1"));
    CHECK_THAT(bad.output, Catch::Contains("/preprocess/order: expected one of rgb, bgr, got "
                                           "\"gbr\""));
}
