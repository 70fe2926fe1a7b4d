#ifndef EESIM_TESTS_SIM_TOPOLOGY_LINK_TEST_SUPPORT_H
#define EESIM_TESTS_SIM_TOPOLOGY_LINK_TEST_SUPPORT_H

// What the link types' tests share: a two-node scenario loaded as a user's would be, its nodes
// placed as TopologyBuilder places them, and its links installed through their types.
#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"
#include "tests/test-support.h"

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ns3/constant-velocity-mobility-model.h>
#include <ns3/mobility-helper.h>
#include <ns3/simulator.h>
#include <string>
#include <vector>

namespace eesim::test
{

/** The shipped model with a bottleneck after each segment (what symbol links carry). */
inline std::string
JsccModel()
{
    return std::string(EESIM_SOURCE_DIR) + "/models/fmnist-me4-jscc.eem";
}

/** A phone 10 m from the server, segment 0 on the phone and the rest on the server, with the
 *  JSCC model and the `--set` overrides `sets`. */
inline Scenario
TwoNodes(const TempDir& dir, const std::vector<std::string>& sets)
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
inline ns3::NodeContainer
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

/** The two-node scenario with every link of type `mode` (channel.mode), its nodes, and its
 *  links installed: the phone -> edge link after segment 0. Ends the simulation when it goes. */
struct InstalledLinks
{
    TempDir dir;
    Scenario scenario;
    ns3::NodeContainer nodes;
    std::unique_ptr<LinkChannels> channels;

    explicit InstalledLinks(const std::string& mode, std::vector<std::string> sets = {})
    {
        sets.push_back("channel.mode=" + mode);
        scenario = TwoNodes(dir, sets);
        nodes = NodesOf(scenario);
        channels = std::make_unique<LinkChannels>(scenario, nodes);
        channels->InstallFeatureLinks();
    }
    ~InstalledLinks()
    {
        channels.reset();
        ns3::Simulator::Destroy();
    }
    InstalledLinks(const InstalledLinks&) = delete;
    InstalledLinks& operator=(const InstalledLinks&) = delete;
};

} // namespace eesim::test

#endif
