// The digital link type: encoded bytes in messages over Wi-Fi, nothing of its own to install,
// Wi-Fi's SNR.
#include "nn/model-file.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"
#include "tests/sim/topology/link-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

const LinkType&
Digital()
{
    return *LinkTypeRegistry::Global().Find("digital");
}

} // namespace

TEST_CASE("digital links: messages in Wi-Fi frames")
{
    CHECK(Digital().carrier == LinkCarrier::kMessages);
    CHECK(Digital().ridesWifi);
    CHECK(Digital().keys.empty());
}

TEST_CASE("digital links: any model's features may cross, and calibration names the encoding")
{
    const MultiExitModel plain = ModelFile::Load(test::ShippedModel());
    CHECK(Digital().checkLink(plain, ScenarioLink{ 0, 0, 1 }).empty());
    test::TempDir dir;
    const Scenario s = test::TwoNodes(dir, { "transport.encoding=int8" });
    CHECK(Digital().calibrationMode(s) == "digital-int8");
    CHECK(ChannelModeNames(s) == std::vector<std::string>{ "digital-int8" });
}

TEST_CASE("digital links install nothing and see Wi-Fi's SNR")
{
    test::InstalledLinks links("digital");
    CHECK(links.nodes.Get(0)->GetNDevices() == 0U); // the Wi-Fi devices are the topology's
    CHECK(links.nodes.Get(1)->GetNDevices() == 0U);
    CHECK(!links.channels->CarriesSymbols(0, 1));
    // 10 m of log-distance loss: 46.6777 + 30 log10(10) = 76.6777 dB; Wi-Fi's 20 dBm over a
    // 20 MHz noise floor with a 7 dB figure (-93.9897 dBm).
    CHECK(links.channels->TrueSnrDb(0, 1, 0.0) == Approx(20 - 76.6777 + 93.9897).margin(1e-3));
}
