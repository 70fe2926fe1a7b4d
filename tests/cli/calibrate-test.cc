// `eesim calibrate` run end to end, its tables checked against what the test computes itself
// from the model on the same validation images.
#include "nn/dataset.h"
#include "nn/loss.h"
#include "nn/model-file.h"
#include "tests/cli/cli-support.h"
#include "tests/test-support.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eesim;
using namespace eesim::test;

namespace
{

constexpr int kImages = 500;

/** What the noiseless model does on the first validation images: the early exit's top-1
 *  probability and correctness, and the final exit's correctness. */
struct Offline
{
    std::vector<double> confidence;
    int earlyCorrect = 0;
    int finalCorrect = 0;
};

Offline
RunOffline(const std::string& modelPath)
{
    MultiExitModel model = ModelFile::Load(modelPath);
    const Dataset data = Dataset::Load(FashionMnistDir(), Split::kValidation);
    Offline offline;
    for (int i = 0; i < kImages; ++i)
    {
        const auto logits
            = model.ForwardAll(data.Images(i, 1, model.Preprocessing()), Mode::kInference);
        const Tensor p = Softmax(logits.front());
        offline.confidence.push_back(*std::max_element(p.Data(), p.Data() + p.Size()));
        offline.earlyCorrect += ArgMax(logits.front(), 0) == data.Label(i) ? 1 : 0;
        offline.finalCorrect += ArgMax(logits.back(), 0) == data.Label(i) ? 1 : 0;
    }
    return offline;
}

} // namespace

TEST_CASE("eesim calibrate tabulates the early exit and the server as the model computes them")
{
    TempDir dir;
    const std::string model = std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem";
    const Result result = Run("calibrate " + model + " --limit " + std::to_string(kImages)
                              + " --snr-min -10 --snr-max 20 --snr-step 10 -j 1 --out "
                              + dir.File("calibration.json"));
    INFO(result.output);
    REQUIRE(result.exitCode == 0);
    const auto calibration
        = nlohmann::json::parse(std::ifstream(dir.File("calibration.json")));
    const Offline offline = RunOffline(model);

    // The early exit: 20 bins of top-1 probability holding exactly the test's own counts; the
    // accuracies are made non-decreasing (pooling adjacent bins), which keeps the count-weighted
    // total equal to the number of correct answers.
    const auto& early = calibration["early_exit"];
    std::vector<int> counts(20, 0);
    for (double c : offline.confidence)
    {
        ++counts[std::size_t(std::min(19, int(c / 0.05)))];
    }
    CHECK(early["count"].get<std::vector<int>>() == counts);
    const auto accuracy = early["accuracy"].get<std::vector<double>>();
    double weighted = 0;
    for (std::size_t b = 0; b < counts.size(); ++b)
    {
        weighted += counts[b] * accuracy[b];
        if (b > 0)
        {
            CHECK(accuracy[b] >= accuracy[b - 1]);
        }
    }
    CHECK(weighted == Approx(offline.earlyCorrect).margin(1e-9));

    // The digital server sees the features without noise: the final exit's own accuracy.
    const double clean = double(offline.finalCorrect) / kImages;
    CHECK(calibration["server"]["digital-float32"]["accuracy"][0].get<double>()
          == Approx(clean).margin(1e-12));
    // The analog server at -10, 0, 10 and 20 dB, one bin each: clearly below the noiseless
    // accuracy at the lowest, close to it at the highest, rising in between (within a few of
    // the 500 paired images).
    const auto analog = calibration["server"]["analog"]["accuracy"].get<std::vector<double>>();
    REQUIRE(analog.size() == 4);
    INFO("noiseless " << clean << ", analog " << analog[0] << " " << analog[1] << " "
                      << analog[2] << " " << analog[3]);
    CHECK(analog[0] < clean - 0.05);
    CHECK(analog[3] >= clean - 0.02);
    for (std::size_t i = 1; i < analog.size(); ++i)
    {
        CHECK(analog[i] >= analog[i - 1] - 0.01);
    }
    CHECK(calibration["model"]["checksum"] == ModelFile::Checksum(model));
}
