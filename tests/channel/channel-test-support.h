#ifndef EESIM_TESTS_CHANNEL_CHANNEL_TEST_SUPPORT_H
#define EESIM_TESTS_CHANNEL_CHANNEL_TEST_SUPPORT_H

#include <initializer_list>
#include <ns3/constant-position-mobility-model.h>
#include <ns3/node-container.h>
#include <ns3/simulator.h>

namespace eesim::test
{

/** Nodes at fixed positions, one per entry. */
inline ns3::NodeContainer
NodesAt(std::initializer_list<ns3::Vector> positions)
{
    ns3::NodeContainer nodes;
    for (const ns3::Vector& position : positions)
    {
        auto node = ns3::CreateObject<ns3::Node>();
        auto mobility = ns3::CreateObject<ns3::ConstantPositionMobilityModel>();
        mobility->SetPosition(position);
        node->AggregateObject(mobility);
        nodes.Add(node);
    }
    return nodes;
}

template <typename T>
ns3::Ptr<ns3::MobilityModel>
MobilityOf(T node)
{
    return node->template GetObject<ns3::MobilityModel>();
}

/** Ends an ns-3 simulation at scope exit, also when a REQUIRE throws. */
class SimulatorGuard
{
  public:
    SimulatorGuard() = default;
    ~SimulatorGuard() { ns3::Simulator::Destroy(); }
    SimulatorGuard(const SimulatorGuard&) = delete;
    SimulatorGuard& operator=(const SimulatorGuard&) = delete;
};

} // namespace eesim::test

#endif
