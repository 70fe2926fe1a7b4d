// The link types' registrations: every type is listed, the scenario's keys and choices come
// from them, and each type's checks, calibration names, SNR and installed devices are its own.
#include "nn/model-file.h"
#include "sim/scenario/scenario-links.h"
#include "sim/scenario/scenario-schema.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"
#include "sim/topology/link-type.h"
#include "tests/test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <ns3/constant-velocity-mobility-model.h>
#include <ns3/mobility-helper.h>
#include <ns3/simulator.h>

using namespace eesim;

namespace
{

const KeySpec*
ScenarioKey(const std::string& path)
{
    for (const KeySpec& key : ScenarioKeys())
    {
        if (key.path == path)
        {
            return &key;
        }
    }
    return nullptr;
}

std::string
JsccModel()
{
    return std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem";
}

/** A phone 10 m from the server, segment 0 on the phone and the rest on the server. */
Scenario
TwoNodes(const test::TempDir& dir, const std::vector<std::string>& sets)
{
    nlohmann::json doc = nlohmann::json::parse(R"({
      "nodes": [
        {"name": "phone", "role": "device", "position_m": [10, 0, 0]},
        {"name": "edge", "role": "server"}
      ],
      "placement": ["source", "edge"]
    })");
    doc["model"] = JsccModel();
    std::ofstream(dir.File("s.json")) << doc.dump();
    return LoadScenario(dir.File("s.json"), sets);
}

/** Nodes at the scenario's positions, with mobility, as TopologyBuilder places them. */
ns3::NodeContainer
NodesOf(const Scenario& scenario)
{
    ns3::NodeContainer nodes;
    nodes.Create(uint32_t(scenario.nodes.size()));
    ns3::MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantVelocityMobilityModel");
    mobility.Install(nodes);
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        const auto& p = scenario.nodes[i].positionM;
        nodes.Get(uint32_t(i))
            ->GetObject<ns3::ConstantVelocityMobilityModel>()
            ->SetPosition(ns3::Vector(p[0], p[1], p[2]));
    }
    return nodes;
}

} // namespace

TEST_CASE("the link-type registry lists every type, each with a meaning and its functions")
{
    // The shipped types, each registered from its own file; a type added later joins the list
    // without changing this test.
    CHECK(LinkTypeRegistry::Global().Find("analog") != nullptr);
    CHECK(LinkTypeRegistry::Global().Find("digital") != nullptr);
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        INFO(type.name);
        CHECK(!type.meaning.empty());
        CHECK(type.checkLink);
        CHECK(type.calibrationMode);
        CHECK(type.create);
    }
    CHECK(LinkTypeRegistry::Global().Find("digital")->ridesWifi);
    CHECK(!LinkTypeRegistry::Global().Find("analog")->ridesWifi);
}

TEST_CASE("the scenario key table picks among the link types and holds each type's keys")
{
    for (const char* path : { "channel.mode", "channel.links[].mode" })
    {
        const KeySpec* choice = ScenarioKey(path);
        REQUIRE(choice != nullptr);
        CHECK(choice->choices == LinkTypeRegistry::Global().Names());
    }
    CHECK(ScenarioKey("channel.mode")->defaultValue == "digital");
    int keys = 0;
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        CHECK_THAT(ScenarioKey("channel.mode")->meaning,
                   Catch::Contains(type.name + " = " + type.meaning));
        for (const KeySpec& key : type.keys)
        {
            INFO(type.name + ": " + key.path);
            const KeySpec* listed = ScenarioKey("channel." + type.name + "." + key.path);
            REQUIRE(listed != nullptr);
            CHECK(listed->defaultValue == key.defaultValue);
            CHECK(listed->meaning == type.name + " links: " + key.meaning);
            ++keys;
        }
    }
    CHECK(keys >= 4); // analog's
    CHECK_THAT(ScenarioKeysMarkdown(), Catch::Contains("| `digital` | — | "));
}

TEST_CASE("link types: each checks its links against the model and names its calibration mode")
{
    const MultiExitModel plain = ModelFile::Load(test::ShippedModel());
    const MultiExitModel jscc = ModelFile::Load(JsccModel());
    const ScenarioLink afterFirst{ 0, 0, 1 };
    const LinkType& analog = *LinkTypeRegistry::Global().Find("analog");
    const LinkType& digital = *LinkTypeRegistry::Global().Find("digital");
    CHECK(analog.checkLink(jscc, afterFirst).empty());
    CHECK_THAT(analog.checkLink(plain, afterFirst),
               Catch::StartsWith("is analog, but the model has no bottleneck there"));
    CHECK(digital.checkLink(plain, afterFirst).empty());

    test::TempDir dir;
    const Scenario s = TwoNodes(dir, { "transport.encoding=int8" });
    CHECK(analog.calibrationMode(s) == "analog");
    CHECK(digital.calibrationMode(s) == "digital-int8");
    const Scenario analogRun = TwoNodes(dir, { "channel.mode=analog" });
    CHECK(ChannelModeNames(analogRun) == std::vector<std::string>{ "analog" });
}

TEST_CASE("link types: the settings of channel.analog reach the channel configuration")
{
    test::TempDir dir;
    const Scenario s = TwoNodes(
        dir, { "channel.analog.symbol_rate_per_s=2000000", "channel.analog.noise_figure_db=4" });
    CHECK(s.channel.symbolRate == 2e6);
    CHECK(s.channel.analogNoiseFigureDb == 4);
    CHECK(s.channel.analogBandwidthHz == 2e6); // 0 = the symbol rate
    CHECK(s.channel.analogTxPowerDbm == 10);
}

TEST_CASE("link types: each link is installed and measured by its own type")
{
    test::TempDir dir;
    for (const std::string mode : { "analog", "digital" })
    {
        INFO(mode);
        const Scenario s = TwoNodes(dir, { "channel.mode=" + mode });
        ns3::NodeContainer nodes = NodesOf(s);
        LinkChannels channels(s, nodes);
        channels.InstallFeatureLinks();
        const bool analog = mode == "analog";
        CHECK(channels.CarriesSymbols(0, 1) == analog);
        CHECK((channels.SymbolSender(0, 1) != nullptr) == analog);
        CHECK(channels.SymbolSender(1, 0) == nullptr); // results do not ride analog links
        CHECK(channels.SymbolReceivers(1).size() == (analog ? 1U : 0U));
        CHECK(nodes.Get(1)->GetNDevices() == (analog ? 1U : 0U));
        // 10 m of log-distance loss: 46.6777 + 30 log10(10) = 76.6777 dB. Analog: 10 dBm over a
        // 1 MHz noise floor with a 7 dB figure (-107 dBm); digital: Wi-Fi's 20 dBm over 20 MHz
        // (-93.9897 dBm).
        const double expected = analog ? 10 - 76.6777 + 107 : 20 - 76.6777 + 93.9897;
        CHECK(channels.TrueSnrDb(0, 1, 0.0) == Approx(expected).margin(1e-3));
        ns3::Simulator::Destroy();
    }
}
