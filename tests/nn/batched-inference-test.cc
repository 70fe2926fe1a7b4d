// A batched forward pass answers each sample as a pass of that sample alone would: the same
// prediction at every exit and logits within 1e-5, through every segment, exit head and
// bottleneck of each shipped model. A server that batches requests must not change answers.
// The GEMMs block a batch of 16 and a batch of 1 differently, so the sums of a logit's terms are
// rounded in another order: the logits agree to within 1e-5 of their own size (absolutely, below
// 1). Measured worst, relative: 4.3e-6 with AVX-512 kernels, 3.5e-6 with the baseline x86-64
// ones of the sanitizer builds, whose worst absolute difference (1.3e-5) is on a logit above 1.
#include "nn/dataset.h"
#include "nn/loss.h"
#include "nn/model-file.h"
#include "nn/multi-exit-model.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace eesim;

namespace
{

constexpr int kBatch = 16;

/** Every exit's logits of `input` (a batch), the model run segment after segment, through
 *  each bottleneck's encoder and decoder. */
std::vector<Tensor>
ExitLogits(MultiExitModel& model, Tensor input)
{
    std::vector<Tensor> logits;
    for (std::size_t k = 0; k < model.SegmentCount(); ++k)
    {
        Tensor features = model.RunSegment(k, input, Mode::kInference);
        logits.push_back(model.RunExit(k, features, Mode::kInference));
        if (k + 1 < model.SegmentCount() && model.HasBottleneck(k))
        {
            features = model.Decode(k, model.Encode(k, features, Mode::kInference),
                                    Mode::kInference);
        }
        input = std::move(features);
    }
    return logits;
}

} // namespace

TEST_CASE("a batched pass gives each sample the logits and prediction of its pass alone")
{
    const Dataset test = Dataset::Load(test::FashionMnistDir(), Split::kTest);
    for (const char* name : { "fmnist-me4", "fmnist-me4-jscc", "fmnist-resnet-me4" })
    {
        INFO(name);
        MultiExitModel model
            = ModelFile::Load(std::string(EESIM_SOURCE_DIR) + "/models/" + name + ".eem");
        const Tensor images = test.Images(0, kBatch, model.Preprocessing());
        const std::vector<Tensor> batched = ExitLogits(model, images);
        double worst = 0.0;
        for (int n = 0; n < kBatch; ++n)
        {
            const std::vector<Tensor> alone = ExitLogits(model, images.SampleCopy(n));
            for (std::size_t k = 0; k < alone.size(); ++k)
            {
                INFO("sample " << n << ", exit " << k);
                CHECK(ArgMax(batched[k], n) == ArgMax(alone[k], 0));
                for (std::size_t c = 0; c < alone[k].SampleSize(); ++c)
                {
                    const double single = alone[k].Sample(0)[c];
                    const double difference = std::fabs(batched[k].Sample(n)[c] - single);
                    worst = std::max(worst, difference / std::max(1.0, std::fabs(single)));
                }
            }
        }
        CHECK(worst <= 1e-5);
    }
}
