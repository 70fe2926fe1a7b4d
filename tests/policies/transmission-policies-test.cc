// Each transmission-decision policy's decisions on crafted observations.
#include "policies/learned-transmission.h"
#include "policies/policy-registry.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace eesim;

namespace
{

TransmissionObservation
Observe(std::vector<double> probabilities, double snrDb = std::nan(""))
{
    TransmissionObservation o;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    o.snrDb = snrDb;
    return o;
}

/** Early exit right 30 % below top-1 0.5, 60 % up to 0.9, 95 % above. Over the analog link the
 *  server is right 20 % below 0 dB, 70 % up to 10 dB, 90 % above; over digital int8, 88 %. */
Calibration
Crafted()
{
    Calibration c;
    c.modelName = "fmnist-me4";
    c.modelChecksum = "1234abcd";
    c.earlyExit = CalibrationTable({ 0, 0.5, 0.9, 1 }, { 0.3, 0.6, 0.95 }, { 10, 10, 10 });
    c.serverTables["analog"] = CalibrationTable({ -5, 0, 10, 25 }, { 0.2, 0.7, 0.9 }, { 1, 1, 1 });
    c.serverTables["digital-int8"] = CalibrationTable({ -100, 100 }, { 0.88 }, { 30 });
    // s = 4 - 8 x top-1 + 2.5 x (snr - 10) / 5 = 4 - 8 x top-1 + 0.5 x (snr - 10)
    c.learnedModels["analog"]
        = LogisticModel({ 0, 0, 0, 10 }, { 1, 1, 1, 5 }, { -8, 0, 0, 2.5 }, 4);
    return c;
}

std::unique_ptr<TransmissionPolicy>
Make(const std::string& name, const nlohmann::json& params, const Calibration& calibration,
     const std::string& mode = "analog")
{
    return PolicyRegistry::MakeTransmissionPolicy(name, params, { &calibration, mode });
}

} // namespace

TEST_CASE("confidence transmits below its threshold")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("confidence", nullptr); // 0.9
    CHECK(policy->ShouldTransmit(Observe({ 0.89, 0.11 })));
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.9, 0.1 })));
}

TEST_CASE("entropy transmits above its threshold")
{
    const auto policy = PolicyRegistry::MakeTransmissionPolicy("entropy", { { "threshold", 0.5 } });
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.97, 0.01, 0.01, 0.01 }))); // H/log4 = 0.12
    CHECK(policy->ShouldTransmit(Observe({ 0.4, 0.3, 0.2, 0.1 })));           // H/log4 = 0.92
    const auto fallback = PolicyRegistry::MakeTransmissionPolicy("entropy", nullptr); // 0.2
    CHECK(fallback->ShouldTransmit(Observe({ 0.95, 0.05 })));       // H/log2 = 0.286
    CHECK_FALSE(fallback->ShouldTransmit(Observe({ 0.99, 0.01 }))); // H/log2 = 0.081
}

TEST_CASE("snr-aware transmits when the server's accuracy beats the early exit's")
{
    const Calibration c = Crafted();
    const auto policy = Make("snr-aware", nullptr, c);                // margin 0
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.95, 0.05 }, 20))); // 0.90 - 0.95 < 0
    CHECK(policy->ShouldTransmit(Observe({ 0.6, 0.4 }, 20)));         // 0.90 - 0.60 > 0
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.6, 0.4 }, -3)));   // 0.20 - 0.60 < 0
    CHECK(policy->ShouldTransmit(Observe({ 0.6, 0.4 }, 5)));          // 0.70 - 0.60 > 0
    CHECK(policy->ShouldTransmit(Observe({ 0.45, 0.3, 0.25 }, 40)));  // clamps to 0.90
}

TEST_CASE("snr-aware demands its margin")
{
    const Calibration c = Crafted();
    // 0.70 - 0.60 = 0.10
    CHECK_FALSE(
        Make("snr-aware", { { "margin", 0.15 } }, c)->ShouldTransmit(Observe({ 0.6, 0.4 }, 5)));
    CHECK(Make("snr-aware", { { "margin", 0.05 } }, c)->ShouldTransmit(Observe({ 0.6, 0.4 }, 5)));
    // 0.20 - 0.95 = -0.75: a negative margin transmits even when the server is worse.
    CHECK_FALSE(
        Make("snr-aware", { { "margin", -0.5 } }, c)->ShouldTransmit(Observe({ 0.95, 0.05 }, -3)));
    CHECK(
        Make("snr-aware", { { "margin", -0.8 } }, c)->ShouldTransmit(Observe({ 0.95, 0.05 }, -3)));
}

TEST_CASE("snr-aware without an SNR estimate assumes the lowest calibrated bin")
{
    const Calibration c = Crafted();
    const auto policy = Make("snr-aware", { { "margin", -0.2 } }, c);
    CHECK(policy->ShouldTransmit(Observe({ 0.45, 0.3, 0.25 }))); // 0.2 - 0.3 > -0.2
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.6, 0.4 })));  // 0.2 - 0.6 < -0.2
}

TEST_CASE("snr-aware reads the server table of the link's channel mode")
{
    const Calibration c = Crafted();
    const auto policy = Make("snr-aware", nullptr, c, "digital-int8");
    CHECK(policy->ShouldTransmit(Observe({ 0.6, 0.4 }, -3)));         // 0.88 - 0.60
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.95, 0.05 }, 30))); // 0.88 - 0.95
}

TEST_CASE("learned transmits when its model's probability passes the threshold")
{
    const Calibration c = Crafted();
    const auto policy = Make("learned", nullptr, c);                // threshold 0.5
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.5, 0.5 }, 10))); // s = 0: p = 0.5, not above
    CHECK(policy->ShouldTransmit(Observe({ 0.4, 0.3, 0.3 }, 10)));  // s = 0.8: p = 0.69
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.9, 0.1 }, 10))); // s = -3.2
    CHECK(policy->ShouldTransmit(Observe({ 0.9, 0.1 }, 20)));       // s = 1.8
    const auto strict = Make("learned", { { "threshold", 0.7 } }, c);
    CHECK_FALSE(strict->ShouldTransmit(Observe({ 0.4, 0.3, 0.3 }, 10))); // 0.69 < 0.7
    CHECK(Make("learned", { { "threshold", 0.4 } }, c)->ShouldTransmit(Observe({ 0.5, 0.5 }, 10)));
}

TEST_CASE("learned without an SNR estimate uses the training mean SNR")
{
    const Calibration c = Crafted();
    const auto policy = Make("learned", nullptr, c);
    CHECK(policy->ShouldTransmit(Observe({ 0.4, 0.3, 0.3 })));  // as at 10 dB: s = 0.8
    CHECK_FALSE(policy->ShouldTransmit(Observe({ 0.6, 0.4 }))); // s = -0.8
}

TEST_CASE("learned features are top-1 probability, normalised entropy, margin and SNR")
{
    const auto statistics = ExitStatistics::FromProbabilities({ 0.7, 0.2, 0.1 });
    const auto features = LearnedTransmission::Features(statistics, 7.5);
    REQUIRE(features.size() == 4);
    CHECK(features[0] == statistics.maxProbability);
    CHECK(features[1] == statistics.normalizedEntropy);
    CHECK(features[2] == Approx(0.5));
    CHECK(features[3] == 7.5);
    CHECK(LearnedTransmission::FeatureNames().size() == 4);
    CHECK_THROWS_WITH(LearnedTransmission(LogisticModel({ 0 }, { 1 }, { 1 }, 0), 0.5),
                      "the model takes 1 features, expected 4");
}

TEST_CASE("oracle transmits exactly when the server is right and the early exit wrong")
{
    const auto oracle = PolicyRegistry::MakeTransmissionPolicy("oracle", nullptr);
    CHECK(oracle->NeedsOutcomes());
    auto o = Observe({ 0.6, 0.4 }, 10);
    const std::vector<std::pair<bool, bool>> cases
        = { { false, false }, { false, true }, { true, false }, { true, true } };
    for (const auto& [early, server] : cases)
    {
        o.earlyCorrect = early;
        o.serverCorrect = server;
        CHECK(oracle->ShouldTransmit(o) == (!early && server));
    }
}

TEST_CASE("only the oracle asks for outcomes")
{
    const Calibration c = Crafted();
    for (const auto& description : PolicyRegistry::TransmissionPolicies())
    {
        INFO(description.name);
        const auto policy = Make(description.name, nullptr, c);
        CHECK(policy->NeedsOutcomes() == (description.name == "oracle"));
    }
}
