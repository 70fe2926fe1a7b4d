// The analog link type: a bottleneck's channel symbols on a device pair of its own per link,
// with the analog links' own budget and settings.
#include "nn/model-file.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/analog-links.h"
#include "sim/topology/link-type.h"
#include "tests/sim/topology/link-test-support.h"

#include <catch2/catch.hpp>

using namespace eesim;

namespace
{

const LinkType&
Analog()
{
    return *LinkTypeRegistry::Global().Find("analog");
}

} // namespace

TEST_CASE("analog links: symbols on their own devices, not Wi-Fi")
{
    CHECK(Analog().carrier == LinkCarrier::kSymbols);
    CHECK(!Analog().ridesWifi);
}

TEST_CASE("analog links need a bottleneck before the link and calibrate as \"analog\"")
{
    const MultiExitModel plain = ModelFile::Load(test::ShippedModel());
    const MultiExitModel jscc = ModelFile::Load(test::JsccModel());
    const ScenarioLink afterFirst{ 0, 0, 1 };
    CHECK(Analog().checkLink(jscc, afterFirst).empty());
    CHECK_THAT(Analog().checkLink(plain, afterFirst),
               Catch::StartsWith("is analog, but the model has no bottleneck there"));
    test::TempDir dir;
    CHECK(Analog().calibrationMode(test::TwoNodes(dir, {})) == "analog");
    const Scenario analogRun = test::TwoNodes(dir, { "channel.mode=analog" });
    CHECK(ChannelModeNames(analogRun) == std::vector<std::string>{ "analog" });
}

TEST_CASE("analog links: the settings of channel.analog reach the channel configuration")
{
    test::TempDir dir;
    const Scenario s = test::TwoNodes(
        dir, { "channel.analog.symbol_rate_per_s=2000000", "channel.analog.noise_figure_db=4" });
    CHECK(s.channel.symbolRate == 2e6);
    CHECK(s.channel.analogNoiseFigureDb == 4);
    CHECK(s.channel.analogBandwidthHz == 2e6); // 0 = the symbol rate
    CHECK(s.channel.analogTxPowerDbm == 10);
}

TEST_CASE("analog links install a device pair per link and hand the symbol path its figures")
{
    test::InstalledLinks links("analog", { "channel.analog.symbol_rate_per_s=2000000" });
    const LinkChannels& channels = *links.channels;
    CHECK(links.nodes.Get(0)->GetNDevices() == 1U);
    CHECK(links.nodes.Get(1)->GetNDevices() == 1U);
    const auto sender = channels.SymbolSender(0, 1);
    REQUIRE(sender != nullptr);
    CHECK(sender->GetObject<AnalogNetDevice>() != nullptr);
    CHECK(channels.SymbolSender(1, 0) == nullptr); // results do not ride analog links
    CHECK(channels.SymbolReceivers(0).empty());
    const auto receivers = channels.SymbolReceivers(1);
    REQUIRE(receivers.size() == 1);
    const auto receiver = receivers[0]->GetObject<AnalogNetDevice>();
    REQUIRE(receiver != nullptr);
    // The oracle's noise is the receiving device's.
    CHECK(channels.SymbolNoiseSeed(0, 1, 42) == receiver->ReceptionNoiseSeed(42));
    CHECK(channels.SymbolRate(0, 1) == 2e6);
    CHECK(channels.SymbolTxWatts(0, 1) == Approx(0.01)); // 10 dBm
    // 10 m of log-distance loss: 46.6777 + 30 log10(10) = 76.6777 dB; 10 dBm over a 2 MHz noise
    // floor with a 7 dB figure (-174 + 63.0103 + 7 = -103.9897 dBm).
    CHECK(channels.TrueSnrDb(0, 1, 0.0) == Approx(10 - 76.6777 + 103.9897).margin(1e-3));
}
