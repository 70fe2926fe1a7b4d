// Each policy's decisions on crafted distributions, and the registry's parameter checks.
#include "policies/policy-registry.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

ExitObservation
AtExit(std::vector<double> probabilities)
{
    ExitObservation o;
    o.exitCount = 4;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    return o;
}

TransmissionObservation
BeforeLink(std::vector<double> probabilities)
{
    TransmissionObservation o;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    return o;
}

} // namespace

TEST_CASE("exit policy none never exits early")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("none", nullptr);
    CHECK_FALSE(policy->ShouldExit(AtExit({ 1.0, 0.0 })));
}

TEST_CASE("exit policy confidence exits at and above its threshold")
{
    const auto policy = PolicyRegistry::MakeExitPolicy("confidence", { { "threshold", 0.8 } });
    CHECK(policy->ShouldExit(AtExit({ 0.8, 0.2 })));
    CHECK(policy->ShouldExit(AtExit({ 0.05, 0.95 })));
    CHECK_FALSE(policy->ShouldExit(AtExit({ 0.7, 0.3 })));
    // Default threshold 0.9.
    const auto fallback = PolicyRegistry::MakeExitPolicy("confidence", nlohmann::json::object());
    CHECK_FALSE(fallback->ShouldExit(AtExit({ 0.85, 0.15 })));
    CHECK(fallback->ShouldExit(AtExit({ 0.9, 0.1 })));
}

TEST_CASE("transmission policies: always, never, and confidence")
{
    const auto always = PolicyRegistry::MakeTransmissionPolicy("always-transmit", nullptr);
    const auto never = PolicyRegistry::MakeTransmissionPolicy("never-transmit", nullptr);
    const auto confident
        = PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 0.6 } });
    CHECK(always->ShouldTransmit(BeforeLink({ 1.0, 0.0 })));
    CHECK_FALSE(never->ShouldTransmit(BeforeLink({ 0.1, 0.9 })));
    CHECK(confident->ShouldTransmit(BeforeLink({ 0.55, 0.45 })));
    CHECK_FALSE(confident->ShouldTransmit(BeforeLink({ 0.6, 0.4 })));
}

TEST_CASE("transmission policies that read a calibration refuse to be made without one")
{
    for (const char* name : { "snr-aware", "learned" })
    {
        CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy(name, nullptr),
                          std::string("policy \"") + name
                              + "\" needs a calibration file (policies.transmission.calibration)");
        CHECK_NOTHROW(PolicyRegistry::CheckTransmissionParameters(name, nullptr));
    }
    const auto& all = PolicyRegistry::TransmissionPolicies();
    for (const auto& description : all)
    {
        CHECK(description.needsCalibration
              == (description.name == "snr-aware" || description.name == "learned"));
    }
}

TEST_CASE("calibrated transmission policies need the link's channel mode in the calibration")
{
    Calibration calibration;
    calibration.earlyExit = CalibrationTable({ 0, 1 }, { 0.8 }, { 10 });
    calibration.serverTables["analog"] = CalibrationTable({ 0, 20 }, { 0.9 }, { 10 });
    const TransmissionContext digital{ &calibration, "digital-int8" };
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("snr-aware", nullptr, digital),
                      "snr-aware: calibration has no server table for channel mode "
                      "\"digital-int8\" (it has: analog)");
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("learned", nullptr, digital),
                      "learned: calibration has no learned model for channel mode "
                      "\"digital-int8\" (it has: none)");
    CHECK_NOTHROW(
        PolicyRegistry::MakeTransmissionPolicy("snr-aware", nullptr, { &calibration, "analog" }));
}

TEST_CASE("transmission policy parameters are checked before the calibration")
{
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("learned", { { "treshold", 0.5 } }),
                      "treshold: not a parameter of policy \"learned\"");
    CHECK_THROWS_WITH(
        PolicyRegistry::CheckTransmissionParameters("snr-aware", { { "margin", 1.5 } }),
        Catch::Contains("margin: expected a number from -1"));
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("oracle", { { "threshold", 0.5 } }),
                      "threshold: not a parameter of policy \"oracle\"");
    CHECK_THROWS_WITH(PolicyRegistry::CheckTransmissionParameters("telepathy", nullptr),
                      Catch::Contains("unknown transmission policy \"telepathy\""));
}

TEST_CASE("the registry rejects unknown names, unknown parameters and bad values")
{
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("greedy", nullptr),
                      Catch::Contains("unknown exit policy \"greedy\"")
                          && Catch::Contains("none, confidence"));
    CHECK_THROWS_WITH(PolicyRegistry::MakeExitPolicy("confidence", { { "treshold", 0.5 } }),
                      Catch::Contains("treshold: not a parameter"));
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", 1.5 } }),
        Catch::Contains("threshold: expected a number from 0"));
    CHECK_THROWS_WITH(
        PolicyRegistry::MakeTransmissionPolicy("confidence", { { "threshold", "high" } }),
        Catch::Contains("got \"high\""));
}
