// The shipped models: they load, meet the accuracy targets, and reproduce exactly the
// per-exit test accuracies their model cards (models/*.md) report.
#include "base/random.h"
#include "nn/dataset.h"
#include "nn/evaluation.h"
#include "nn/model-file.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

// Correct answers per exit on the 10,000 test images, as in the model card; PyTorch gives the
// same counts from the file alone (the crosscheck CTest entries), so they are not eesim's word.
const std::vector<int> kCardCorrect = { 8798, 9026, 9110, 9249 };

} // namespace

TEST_CASE("fmnist-me4 reproduces its model card on the test split")
{
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    const Evaluation evaluation
        = Evaluate(model, Dataset::Load(test::FashionMnistDir(), Split::kTest));
    REQUIRE(evaluation.samples == 10000);
    CHECK(evaluation.correct == kCardCorrect);
}

TEST_CASE("fmnist-me4 meets the accuracy and cost targets")
{
    MultiExitModel model = ModelFile::Load(test::ShippedModel());
    const Evaluation evaluation
        = Evaluate(model, Dataset::Load(test::FashionMnistDir(), Split::kTest));
    REQUIRE(evaluation.exits == 4);
    CHECK(evaluation.Accuracy(3) >= 0.910);
    CHECK(evaluation.Accuracy(0) >= 0.840);
    for (int k = 1; k < 4; ++k)
    {
        INFO("exit " << k);
        CHECK(evaluation.Accuracy(k) > evaluation.Accuracy(k - 1));
    }
    CHECK(double(model.SegmentFlops(0)) <= 0.15 * double(model.FullFlops()));
}

TEST_CASE("fmnist-resnet-me4 meets its accuracy targets and cuts its trunk at block outputs")
{
    // The targets, on the full test split: final exit at least 93.0 %, first at least
    // 85 %; at least 20 MFLOPs for full execution; the cut tensors are the blocks' outputs.
    MultiExitModel model
        = ModelFile::Load(std::string(EESIM_SOURCE_DIR) + "/models/fmnist-resnet-me4.eem");
    const Evaluation evaluation
        = Evaluate(model, Dataset::Load(test::FashionMnistDir(), Split::kTest));
    REQUIRE(evaluation.samples == 10000);
    REQUIRE(evaluation.exits == 4);
    CHECK(evaluation.Accuracy(3) >= 0.930);
    CHECK(evaluation.Accuracy(0) >= 0.850);
    // The model card's per-exit counts (93.09 / 94.05 / 94.15 / 94.19 %), which PyTorch
    // computed before the export: eesim's numerics give PyTorch's answers on every image.
    CHECK(evaluation.correct == std::vector<int>{ 9309, 9405, 9415, 9419 });
    CHECK(model.FullFlops() == 33400970);
    for (std::size_t k = 0; k < 3; ++k)
    {
        CHECK(model.SegmentOutputShape(k) == SampleShape{ 64, 7, 7 });
    }
    CHECK(model.SegmentOutputShape(3) == SampleShape{ 128, 4, 4 });
}

TEST_CASE("fmnist-me4-jscc reproduces its model card without noise and degrades with it")
{
    MultiExitModel model
        = ModelFile::Load(std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem");
    REQUIRE(model.HasBottleneck(0));
    CHECK(model.LinkShape(0).Count() == 392);
    const Dataset test = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    const Evaluation clean = Evaluate(model, test);
    CHECK(clean.correct == std::vector<int>{ 8775, 8886, 8966, 9082 });
    // Noise on the symbols (here a plain seeded Gaussian at 0 dB: variance 1) lowers only the
    // exits behind the bottleneck.
    const Evaluation noisy = Evaluate(model, test, 0,
                                      [](int first, std::size_t, Tensor& symbols)
                                      {
                                          Random random(std::uint64_t(first) + 1);
                                          for (std::size_t i = 0; i < symbols.Size(); ++i)
                                          {
                                              symbols[i] += float(random.Normal());
                                          }
                                      });
    CHECK(noisy.correct[0] == clean.correct[0]);
    CHECK(noisy.Accuracy(3) < clean.Accuracy(3) - 0.02);
    CHECK(noisy.Accuracy(3) > 0.8);
}
