// A short real training run on Fashion-MNIST, and the trainer's determinism.
#include "nn/dataset.h"
#include "nn/evaluation.h"
#include "nn/trainer.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

Architecture
SmallCnn()
{
    Architecture arch;
    arch.name = "small-cnn";
    arch.input = { 1, 28, 28 };
    arch.classes = 10;
    arch.segments
        = { { { LayerSpec::Parse("conv2d out_channels=8 kernel=3 padding=1"),
                LayerSpec::Parse("batch_norm"), LayerSpec::Parse("relu"),
                LayerSpec::Parse("max_pool kernel=2") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=10") } },
            { { LayerSpec::Parse("conv2d out_channels=16 kernel=3 padding=1"),
                LayerSpec::Parse("relu"), LayerSpec::Parse("max_pool kernel=2") },
              { LayerSpec::Parse("flatten"), LayerSpec::Parse("linear out_features=10") } } };
    return arch;
}

TrainingOptions
ShortRun(int threads)
{
    TrainingOptions options;
    options.seed = 3;
    options.epochs = 1;
    options.batchSize = 50;
    options.learningRate = 3e-3;
    options.distillationWeight = 0.5;
    options.threads = threads;
    return options;
}

} // namespace

TEST_CASE("one epoch on 2,000 images lowers the loss and beats 50% accuracy")
{
    const Dataset train = Dataset::Load(test::FashionMnistDir(), Split::kTrain).Head(2000);
    const Dataset val = Dataset::Load(test::FashionMnistDir(), Split::kValidation).Head(1000);
    MultiExitModel model = MultiExitModel::Build(SmallCnn());
    Trainer trainer(model, ShortRun(0));
    std::vector<double> losses;
    std::vector<double> validation;
    trainer.Train(
        train, &val, [&](const EpochReport& r) { validation = r.validationAccuracy; },
        [&](int, int, double meanLoss, double) { losses.push_back(meanLoss); });
    REQUIRE(losses.size() == 40);
    INFO("first batch loss " << losses.front() << ", epoch mean " << losses.back());
    CHECK(losses.back() < 0.8 * losses.front());
    REQUIRE(validation.size() == 2);
    CHECK(validation[0] > 0.5);
    CHECK(validation[1] > 0.5);
    // Chance is 10%; the held-out images confirm the model learned something general.
    CHECK(Evaluate(model, val).Accuracy(1) == Approx(validation[1]));
}

TEST_CASE("training is deterministic and independent of the thread count")
{
    const Dataset train = Dataset::Load(test::FashionMnistDir(), Split::kTrain).Head(400);
    MultiExitModel one = MultiExitModel::Build(SmallCnn());
    MultiExitModel two = MultiExitModel::Build(SmallCnn());
    Trainer(one, ShortRun(1)).Train(train, nullptr, nullptr);
    Trainer(two, ShortRun(2)).Train(train, nullptr, nullptr);
    const auto a = one.Parameters();
    const auto b = two.Parameters();
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        CHECK(a[i]->value == b[i]->value);
    }
    // A different seed gives a different model.
    MultiExitModel other = MultiExitModel::Build(SmallCnn());
    TrainingOptions options = ShortRun(2);
    options.seed = 4;
    Trainer(other, options).Train(train, nullptr, nullptr);
    CHECK(other.Parameters()[0]->value != a[0]->value);
}

TEST_CASE("the learning rate follows a cosine from its start to the final fraction")
{
    MultiExitModel model = MultiExitModel::Build(SmallCnn());
    TrainingOptions options = ShortRun(1);
    options.epochs = 2;
    options.learningRate = 1.0;
    options.finalLearningRateFraction = 0.1;
    Trainer trainer(model, options);
    CHECK(trainer.LearningRate(0, 0, 10) == Approx(1.0));
    CHECK(trainer.LearningRate(1, 0, 10) == Approx(0.55));
    CHECK(trainer.LearningRate(1, 10, 10) == Approx(0.1));
}
