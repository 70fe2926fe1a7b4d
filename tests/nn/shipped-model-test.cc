// The shipped default model: it loads, meets the accuracy targets, and reproduces exactly the
// per-exit test accuracies its model card (models/fmnist-me4.md) reports.
#include "../test-support.h"
#include "nn/dataset.h"
#include "nn/evaluation.h"
#include "nn/model-file.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

// Correct answers per exit on the 10,000 test images, as in the model card.
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
