// snr-aware on a crafted calibration.
#include "policies/policy-registry.h"
#include "policies/snr-aware-transmission.h"
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
    return test::MakeCalibrated("snr-aware", params, calibration, mode);
}

} // namespace

TEST_CASE("snr-aware transmits when the server's accuracy beats the early exit's")
{
    const Calibration c = test::CraftedCalibration();
    const auto policy = Make(nullptr, c);                                // margin 0
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.95, 0.05 }, 20))); // 0.90 - 0.95 < 0
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, 20)));         // 0.90 - 0.60 > 0
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, -3)));   // 0.20 - 0.60 < 0
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, 5)));          // 0.70 - 0.60 > 0
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.45, 0.3, 0.25 }, 40)));  // clamps to 0.90
}

TEST_CASE("snr-aware demands its margin")
{
    const Calibration c = test::CraftedCalibration();
    // 0.70 - 0.60 = 0.10
    CHECK_FALSE(Make({ { "margin", 0.15 } }, c)->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, 5)));
    CHECK(Make({ { "margin", 0.05 } }, c)->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, 5)));
    // 0.20 - 0.95 = -0.75: a negative margin transmits even when the server is worse.
    CHECK_FALSE(Make({ { "margin", -0.5 } }, c)->ShouldTransmit(BeforeLink({ 0.95, 0.05 }, -3)));
    CHECK(Make({ { "margin", -0.8 } }, c)->ShouldTransmit(BeforeLink({ 0.95, 0.05 }, -3)));
}

TEST_CASE("snr-aware without an SNR estimate assumes the lowest calibrated bin")
{
    const Calibration c = test::CraftedCalibration();
    const auto policy = Make({ { "margin", -0.2 } }, c);
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.45, 0.3, 0.25 }))); // 0.2 - 0.3 > -0.2
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 })));  // 0.2 - 0.6 < -0.2
}

TEST_CASE("snr-aware reads the server table of the link's channel mode")
{
    const Calibration c = test::CraftedCalibration();
    const auto policy = Make(nullptr, c, "digital-int8");
    CHECK(policy->ShouldTransmit(BeforeLink({ 0.6, 0.4 }, -3)));         // 0.88 - 0.60
    CHECK_FALSE(policy->ShouldTransmit(BeforeLink({ 0.95, 0.05 }, 30))); // 0.88 - 0.95
    CHECK_THROWS_WITH(Make(nullptr, c, "digital-float32"),
                      "snr-aware: calibration has no server table for channel mode "
                      "\"digital-float32\" (it has: analog, digital-int8)");
}

TEST_CASE("snr-aware needs a calibration, and a margin from -1 to 1")
{
    CHECK_THROWS_WITH(PolicyRegistry::MakeTransmissionPolicy("snr-aware", nullptr),
                      "policy \"snr-aware\" needs a calibration file "
                      "(policies.transmission.calibration)");
    const Calibration c = test::CraftedCalibration();
    CHECK_THROWS_WITH(
        Make({ { "margin", 1.5 } }, c),
        "transmission policy: /params/margin: out of range (expected -1 to 1, got 1.5)");
    CHECK_THROWS_WITH(SnrAwareTransmission(CalibrationTable(), c.serverTables.at("analog"), 0),
                      "empty calibration table");
}
