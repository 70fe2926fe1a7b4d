// Scenarios on a data set of their own: a tiny CIFAR-10 folder and a 3-channel model written by
// the test (nothing downloaded), the `dataset` keys, and the shape check validate makes.
#include "base/error.h"
#include "nn/dataset.h"
#include "nn/loss.h"
#include "nn/model-file.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"
#include "tests/dataset-files.h"
#include "tests/sim/simulation-support.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <fstream>

using namespace eesim;

namespace
{

/** A device beside the server, segment 0 on the device, on the CIFAR-10 folder `dir`. */
nlohmann::json
CifarScenario(const test::TempDir& dir, int count)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "name": "cifar-run",
      "requests": {"count": 0, "rate_per_s": 50, "start_s": 0.5},
      "nodes": [
        {"name": "device", "role": "device", "position_m": [5, 0, 0], "capacity_gflops": 2},
        {"name": "server", "role": "server", "capacity_gflops": 100}
      ],
      "placement": ["source", "server"],
      "dataset": {"format": "cifar10"}
    })");
    doc["requests"]["count"] = count;
    doc["model"] = dir.File("tiny.eem");
    doc["dataset"]["dir"] = dir.Path();
    return doc;
}

InputPreprocessing
CifarPreprocessing()
{
    InputPreprocessing p;
    p.mean = { 0.4914F, 0.4822F, 0.4465F };
    p.std = { 0.247F, 0.243F, 0.261F };
    p.bgr = true;
    return p;
}

std::vector<std::string>
ValidationErrors(const test::TempDir& dir, const nlohmann::json& doc)
{
    std::ofstream(dir.File("check.json")) << doc.dump();
    try
    {
        LoadScenario(dir.File("check.json"), {});
    }
    catch (const Error& e)
    {
        return { e.what() };
    }
    return {};
}

} // namespace

TEST_CASE("a scenario runs end to end on a CIFAR-10 folder with a model that preprocesses")
{
    test::TempDir dir;
    test::WriteCifar10(dir.Path(), 2, 40);
    MultiExitModel model = test::TinyImageModel(CifarPreprocessing());
    ModelFile::Save(model, dir.File("tiny.eem"));
    const test::Run run = test::Simulate(dir, CifarScenario(dir, 30));
    CHECK(run.summary["requests"]["completed"] == 30);
    REQUIRE(run.rows.size() == 30);

    // Every answer is the final exit's offline prediction on the preprocessed image (always-
    // transmit with float32 features, exit policy none), and its label the data set's.
    DatasetSource source;
    source.format = "cifar10";
    source.dir = dir.Path();
    const Dataset data = Dataset::Load(source, Split::kTest);
    int differsFromPlain = 0;
    for (const auto& row : run.rows)
    {
        const int sample = std::stoi(row.at("sample"));
        CHECK(std::stoi(row.at("label")) == data.Label(sample));
        const auto logits
            = model.ForwardAll(data.Images(sample, 1, model.Preprocessing()), Mode::kInference);
        CHECK(std::stoi(row.at("prediction")) == ArgMax(logits.back(), 0));
        // The preprocessing is what the request source applied: pixel / 255 answers otherwise.
        const auto plain
            = model.ForwardAll(data.Images(sample, 1, InputPreprocessing{}), Mode::kInference);
        differsFromPlain += ArgMax(plain.back(), 0) != ArgMax(logits.back(), 0) ? 1 : 0;
    }
    CHECK(differsFromPlain > 0);
}

TEST_CASE("validate compares the data set's sample shape with the model's input from the headers")
{
    test::TempDir dir;
    test::WriteCifar10(dir.Path(), 2, 4);
    MultiExitModel grey = test::TinyImageModel(InputPreprocessing{}, 1);
    ModelFile::Save(grey, dir.File("tiny.eem"));
    auto errors = ValidationErrors(dir, CifarScenario(dir, 3));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]
          == dir.File("check.json") + ": /dataset: " + dir.Path()
                 + ": cifar10 samples are 3x32x32 but the model " + dir.File("tiny.eem")
                 + " takes 1x32x32");

    // A data set that is not there is the run's to report (validate cannot read its header).
    auto missing = CifarScenario(dir, 3);
    missing["dataset"]["dir"] = dir.File("elsewhere");
    CHECK(ValidationErrors(dir, missing).empty());

    // Keys of other formats are refused, and a split larger than the training part.
    MultiExitModel rgb = test::TinyImageModel(InputPreprocessing{});
    ModelFile::Save(rgb, dir.File("tiny.eem"));
    auto layout = CifarScenario(dir, 3);
    layout["dataset"]["layout"] = "nhwc";
    layout["dataset"]["split"] = "val";
    errors = ValidationErrors(dir, layout);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]
          == dir.File("check.json")
                 + ": /dataset/layout: applies only when format is \"npy\" (here format is "
                   "\"cifar10\")");
    layout["dataset"].erase("layout");
    errors = ValidationErrors(dir, layout);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]
          == dir.File("check.json") + ": /dataset: " + dir.Path()
                 + ": only 10 training images; the validation split needs more than 5000");
    layout["dataset"]["validation_images"] = 4;
    CHECK(ValidationErrors(dir, layout).empty());
}

TEST_CASE("the dataset keys a scenario leaves out keep its complete document as it was")
{
    test::TempDir dir;
    nlohmann::json doc = CifarScenario(dir, 5);
    doc["model"] = test::ShippedModel();
    doc.erase("dataset");
    std::ofstream(dir.File("plain.json")) << doc.dump();
    doc["dataset"] = { { "format", "fashion-mnist" }, { "validation_images", 5000 } };
    std::ofstream(dir.File("said.json")) << doc.dump();
    const Scenario plain = LoadScenario(dir.File("plain.json"), {});
    const Scenario said = LoadScenario(dir.File("said.json"), {});
    CHECK(plain.document["dataset"]
          == nlohmann::json{ { "dir", "/usr/share/datasets/fashion-mnist" }, { "split", "test" } });
    CHECK(plain.hash == said.hash);
    CHECK(said.dataset.format == "fashion-mnist");
    CHECK(said.dataset.validationImages == 5000);
}
