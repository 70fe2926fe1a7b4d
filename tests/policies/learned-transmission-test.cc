// learned on a crafted logistic model.
#include "policies/learned-transmission.h"
#include "policies/policy-registry.h"
#include "tests/policies/policy-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;
using test::BeforeLink;

namespace
{

std::unique_ptr<TransmissionPolicy>
Make(const nlohmann::json& params, const Calibration& calibration,
     const std::string& mode = "analog")
{
    return test::MakeCalibrated("learned", params, calibration, mode);
}

} // namespace

TEST_CASE("learned transmits when its model's probability passes the threshold")
{
    const Calibration c = test::CraftedCalibration();
    const auto policy = Make(nullptr, c);                              // threshold 0.5
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.5, 0.5 }, 10))); // s = 0: p = 0.5
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.4, 0.3, 0.3 }, 10)));  // s = 0.8: p = 0.69
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.9, 0.1 }, 10))); // s = -3.2
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.9, 0.1 }, 20)));       // s = 1.8
    const auto strict = Make({ { "threshold", 0.7 } }, c);
    CHECK_FALSE(strict->ShouldTransmit(BeforeLink({ 0.4, 0.3, 0.3 }, 10))); // 0.69 < 0.7
    CHECK(Make({ { "threshold", 0.4 } }, c)->ShouldTransmit(BeforeLink({ 0.5, 0.5 }, 10)));
}

TEST_CASE("learned without an SNR estimate uses the training mean SNR")
{
    const Calibration c = test::CraftedCalibration();
    const auto policy = Make(nullptr, c);
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.4, 0.3, 0.3 })));  // as at 10 dB: s = 0.8
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 }))); // s = -0.8
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

TEST_CASE("learned needs a calibration with a model for the link's channel mode")
{
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("learned", nullptr),
                      "policy \"learned\" needs a calibration file "
                      "(policies.transmission.calibration)");
    const Calibration c = test::CraftedCalibration();
    CHECK_THROWS_WITH(Make(nullptr, c, "digital-int8"),
                      "learned: calibration has no learned model for channel mode "
                      "\"digital-int8\" (it has: analog)");
    // Parameters are checked before the calibration is asked for anything.
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("learned", { { "treshold", 0.5 } }),
                      "transmission policy: /params/treshold: unknown key (did you mean "
                      "\"threshold\"?)");
}
