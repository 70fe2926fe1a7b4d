// The link types' registrations, whatever the types: every type is listed, the scenario's keys
// and choices come from them, and each declares a carrier that its link set lives up to. What
// each shipped type does is in its own test file (NAME-links-test.cc).
#include "sim/scenario/scenario-schema.h"
#include "sim/topology/link-type.h"
#include "tests/sim/topology/link-test-support.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

using namespace eesim;

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
}

TEST_CASE("the scenario key table picks among the link types and holds each type's keys")
{
    for (const char* path : { "channel.mode", "channel.links[].mode" })
    {
        const KeySpec* choice = FindKey(ScenarioKeys(), path);
        REQUIRE(choice != nullptr);
        CHECK(choice->choices == LinkTypeRegistry::Global().Names());
    }
    CHECK(FindKey(ScenarioKeys(), "channel.mode")->defaultValue == "digital");
    int keys = 0;
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        CHECK_THAT(FindKey(ScenarioKeys(), "channel.mode")->meaning,
                   Catch::Contains(type.name + " = " + type.meaning));
        for (const KeySpec& key : type.keys)
        {
            INFO(type.name + ": " + key.path);
            const KeySpec* listed
                = FindKey(ScenarioKeys(), "channel." + type.name + "." + key.path);
            REQUIRE(listed != nullptr);
            CHECK(listed->defaultValue == key.defaultValue);
            CHECK(listed->meaning == type.name + " links: " + key.meaning);
            ++keys;
        }
    }
    CHECK(keys >= 4); // analog's
    CHECK_THAT(ScenarioKeysMarkdown(), Catch::Contains("| `digital` | messages | — | "));
    CHECK_THAT(ScenarioKeysMarkdown(), Catch::Contains("| `analog` | symbols | `channel.analog."));
}

TEST_CASE("link types: the shipped types carry messages (digital) and symbols (analog)")
{
    CHECK(LinkTypeRegistry::Global().Find("digital")->carrier == LinkCarrier::kMessages);
    CHECK(LinkTypeRegistry::Global().Find("analog")->carrier == LinkCarrier::kSymbols);
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        INFO(type.name);
        // Wi-Fi frames hold IP packets: a type whose features ride Wi-Fi sends messages.
        CHECK((!type.ridesWifi || type.carrier == LinkCarrier::kMessages));
    }
}

TEST_CASE("link types: each type's links answer the applications as its carrier says")
{
    for (const LinkType& type : LinkTypeRegistry::Global().All())
    {
        INFO(type.name);
        test::InstalledLinks links(type.name);
        const LinkChannels& channels = *links.channels;
        const bool symbols = type.carrier == LinkCarrier::kSymbols;
        CHECK(channels.CarriesSymbols(0, 1) == symbols);
        CHECK(std::isfinite(channels.TrueSnrDb(0, 1, 0.0)));
        if (symbols)
        {
            // What the stage workers send on, listen to, and charge.
            const ns3::Ptr<ns3::NetDevice> sender = channels.SymbolSender(0, 1);
            REQUIRE(sender != nullptr);
            CHECK(sender->GetNode() == links.nodes.Get(0));
            const auto receivers = channels.SymbolReceivers(1);
            REQUIRE(receivers.size() == 1);
            CHECK(receivers[0]->GetNode() == links.nodes.Get(1));
            CHECK(receivers[0]->GetInstanceTypeId().LookupTraceSourceByName("RxSnr") != nullptr);
            CHECK(channels.SymbolRate(0, 1) > 0);
            CHECK(channels.SymbolTxWatts(0, 1) > 0);
            CHECK(channels.SymbolNoiseSeed(0, 1, 7) != channels.SymbolNoiseSeed(0, 1, 8));
        }
        else
        {
            // Messages go through the transport: no symbol devices, no symbol figures.
            CHECK(channels.SymbolSender(0, 1) == nullptr);
            CHECK(channels.SymbolReceivers(1).empty());
            CHECK_THROWS_AS(channels.SymbolRate(0, 1), std::logic_error);
            CHECK_THROWS_AS(channels.SymbolTxWatts(0, 1), std::logic_error);
            CHECK_THROWS_AS(channels.SymbolNoiseSeed(0, 1, 7), std::logic_error);
        }
    }
}
