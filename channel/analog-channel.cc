#include "channel/analog-channel.h"

#include "base/error.h"
#include "channel/analog-net-device.h"
#include "channel/symbol-packet.h"

#include <cmath>
#include <ns3/double.h>
#include <ns3/mobility-model.h>
#include <ns3/node.h>
#include <ns3/pointer.h>
#include <ns3/simulator.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(AnalogChannel);

ns3::TypeId
AnalogChannel::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::AnalogChannel")
              .SetParent<ns3::Channel>()
              .SetGroupName("Eesim")
              .AddConstructor<AnalogChannel>()
              .AddAttribute("SymbolRate", "Real channel symbols per second on the link.",
                            ns3::DoubleValue(1e6),
                            ns3::MakeDoubleAccessor(&AnalogChannel::m_symbolRate),
                            ns3::MakeDoubleChecker<double>(1e-9))
              .AddAttribute("PropagationDelayModel",
                            "Delay between the two nodes; unset means a "
                            "ConstantSpeedPropagationDelayModel (speed of light).",
                            ns3::PointerValue(),
                            ns3::MakePointerAccessor(&AnalogChannel::m_delayModel),
                            ns3::MakePointerChecker<ns3::PropagationDelayModel>());
    return tid;
}

AnalogChannel::AnalogChannel() = default;

void
AnalogChannel::NotifyConstructionCompleted()
{
    // Attribute defaults are applied after the constructor, so the default model is made here.
    if (!m_delayModel)
    {
        m_delayModel = ns3::CreateObject<ns3::ConstantSpeedPropagationDelayModel>();
    }
    ns3::Channel::NotifyConstructionCompleted();
}

void
AnalogChannel::Attach(ns3::Ptr<AnalogNetDevice> device)
{
    if (m_devices.size() >= 2)
    {
        throw Error("an analog channel connects two devices", Error::Kind::kRuntime);
    }
    m_devices.push_back(device);
    if (m_devices.size() == 2)
    {
        for (auto& end : m_devices)
        {
            end->NotifyLinkUp();
        }
    }
}

void
AnalogChannel::SetLinkBudget(const LinkBudget& budget)
{
    m_budget = budget;
}

const LinkBudget&
AnalogChannel::GetLinkBudget() const
{
    if (!m_budget)
    {
        throw Error("analog channel " + std::to_string(GetId()) + " has no link budget",
                    Error::Kind::kRuntime);
    }
    return *m_budget;
}

ns3::Time
AnalogChannel::TransmitTime(std::size_t symbols) const
{
    // Rounded in whole time steps rather than through a double number of seconds, so that
    // symbol counts the rate divides give exact durations.
    const double stepsPerSecond = double(ns3::Seconds(1).GetTimeStep());
    return ns3::TimeStep(
        std::uint64_t(std::llround(double(symbols) / m_symbolRate * stepsPerSecond)));
}

ns3::Time
AnalogChannel::PropagationDelay(ns3::Ptr<const AnalogNetDevice> from,
                                ns3::Ptr<const AnalogNetDevice> to) const
{
    auto a = from->GetNode()->GetObject<ns3::MobilityModel>();
    auto b = to->GetNode()->GetObject<ns3::MobilityModel>();
    return (a && b) ? m_delayModel->GetDelay(a, b) : ns3::Time(0);
}

ns3::Ptr<AnalogNetDevice>
AnalogChannel::GetPeer(ns3::Ptr<const AnalogNetDevice> device) const
{
    for (const auto& end : m_devices)
    {
        if (end != device)
        {
            return m_devices.size() == 2 ? end : nullptr;
        }
    }
    return nullptr;
}

ns3::Time
AnalogChannel::Transmit(ns3::Ptr<const ns3::Packet> packet, uint16_t protocol,
                        ns3::Ptr<AnalogNetDevice> sender)
{
    ns3::Ptr<AnalogNetDevice> receiver = GetPeer(sender);
    const ns3::Time now = ns3::Simulator::Now();
    const double snrDb = GetLinkBudget().SnrDb(sender->GetNode(), receiver->GetNode(), now);
    const ns3::Time transmit = TransmitTime(packet->GetSize() / kBytesPerSymbol);
    const ns3::Time arrival = transmit + PropagationDelay(sender, receiver);
    // The receiver gets its own copy: noise must never touch the sender's packet.
    ns3::Simulator::ScheduleWithContext(
        receiver->GetNode()->GetId(), arrival, &AnalogNetDevice::Receive, receiver, packet->Copy(),
        snrDb, protocol, ns3::Mac48Address::ConvertFrom(sender->GetAddress()));
    return transmit;
}

std::int64_t
AnalogChannel::AssignStreams(std::int64_t stream)
{
    std::int64_t used = m_budget ? m_budget->AssignStreams(stream) : 0;
    used += m_delayModel->AssignStreams(stream + used);
    return used;
}

std::size_t
AnalogChannel::GetNDevices() const
{
    return m_devices.size();
}

ns3::Ptr<ns3::NetDevice>
AnalogChannel::GetDevice(std::size_t i) const
{
    return m_devices.at(i);
}

void
AnalogChannel::DoDispose()
{
    m_devices.clear();
    m_delayModel = nullptr;
    m_budget.reset();
    ns3::Channel::DoDispose();
}

} // namespace eesim
