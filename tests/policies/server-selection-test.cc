// Server selection: each policy's choice on hand-made views of a pool.
#include "policies/server-selection.h"

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <vector>

using namespace eesim;

namespace
{

const ServerSelectionPolicy&
Policy(const std::string& name)
{
    static std::map<std::string, std::unique_ptr<ServerSelectionPolicy>> made;
    auto& policy = made[name];
    if (!policy)
    {
        const ServerSelection* selection = ServerSelectionRegistry::Global().Find(name);
        REQUIRE(selection != nullptr);
        policy = selection->make();
    }
    return *policy;
}

/** Three servers (nodes 10, 11, 12) as a chooser (node 2) sees them. */
SelectionObservation
ThreeServers()
{
    SelectionObservation observation;
    observation.request = 7;
    observation.chooser = 2;
    for (int node = 10; node < 13; ++node)
    {
        ServerView view;
        view.node = node;
        view.serviceSeconds = 0.01;
        observation.servers.push_back(view);
    }
    return observation;
}

} // namespace

TEST_CASE("server selection: every policy is registered")
{
    CHECK(ServerSelectionRegistry::Global().Names()
          == std::vector<std::string>{ "least-loaded", "nearest", "random", "round-robin" });
    CHECK_THAT(ServerSelectionsMarkdown(), Catch::Contains("| `least-loaded` |"));
}

TEST_CASE("server selection: nearest takes the best link, the first of equals")
{
    SelectionObservation observation = ThreeServers();
    observation.servers[0].linkSnrDb = 12;
    observation.servers[1].linkSnrDb = 25;
    observation.servers[2].linkSnrDb = 25;
    CHECK(Policy("nearest").Choose(observation) == 1);
}

TEST_CASE("server selection: least-loaded adds what the chooser sent since the report")
{
    SelectionObservation observation = ThreeServers();
    observation.servers[0].reportedBacklogSeconds = 0.030;
    observation.servers[1].reportedBacklogSeconds = 0.005;
    observation.servers[2].reportedBacklogSeconds = 0.020;
    CHECK(Policy("least-loaded").Choose(observation) == 1); // 0.015 against 0.040 and 0.030
    // Four requests sent to server 1 since: 0.005 + 5 x 0.01 = 0.055 > 0.030 at server 2.
    observation.servers[1].sentSinceReport = 4;
    CHECK(Policy("least-loaded").Choose(observation) == 2);
    // A slower server's own service counts: server 2 at 0.020 + 0.03 = 0.05 > 0.04 at server 0.
    observation.servers[2].serviceSeconds = 0.03;
    CHECK(Policy("least-loaded").Choose(observation) == 0);
    // All idle and alike: the first.
    CHECK(Policy("least-loaded").Choose(ThreeServers()) == 0);
}

TEST_CASE("server selection: round-robin takes the servers in turn from the chooser's index")
{
    SelectionObservation observation = ThreeServers();
    std::vector<std::size_t> chosen;
    for (std::uint64_t earlier = 0; earlier < 4; ++earlier)
    {
        observation.earlierChoices = earlier;
        chosen.push_back(Policy("round-robin").Choose(observation));
    }
    CHECK(chosen == std::vector<std::size_t>{ 2, 0, 1, 2 }); // chooser 2 starts at 2 mod 3
}

TEST_CASE("server selection: random depends on the seed and the request alone, uniformly")
{
    SelectionObservation observation = ThreeServers();
    observation.seed = 99;
    const std::size_t first = Policy("random").Choose(observation);
    observation.chooser = 5;
    observation.earlierChoices = 40;
    CHECK(Policy("random").Choose(observation) == first);
    std::vector<int> counts(3, 0);
    for (std::uint64_t request = 0; request < 30000; ++request)
    {
        observation.request = request;
        ++counts[Policy("random").Choose(observation)];
    }
    for (const int count : counts)
    {
        CHECK(count == Approx(10000).margin(300)); // 3 standard deviations: about 245
    }
}
