#include "channel/analog-link-helper.h"

#include "channel/analog-channel.h"
#include "channel/analog-net-device.h"

#include <algorithm>
#include <vector>

namespace eesim
{

AnalogLinkHelper::AnalogLinkHelper()
{
    m_channelFactory.SetTypeId(AnalogChannel::GetTypeId());
    m_deviceFactory.SetTypeId(AnalogNetDevice::GetTypeId());
}

void
AnalogLinkHelper::SetChannelAttribute(const std::string& name, const ns3::AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

void
AnalogLinkHelper::SetDeviceAttribute(const std::string& name, const ns3::AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

ns3::NetDeviceContainer
AnalogLinkHelper::Install(ns3::Ptr<ns3::Node> a, ns3::Ptr<ns3::Node> b,
                          const LinkBudget& budget) const
{
    auto channel = m_channelFactory.Create<AnalogChannel>();
    channel->SetLinkBudget(budget);
    ns3::NetDeviceContainer devices;
    for (const auto& node : { a, b })
    {
        auto device = m_deviceFactory.Create<AnalogNetDevice>();
        device->SetAddress(ns3::Mac48Address::Allocate());
        node->AddDevice(device);
        device->Attach(channel);
        devices.Add(device);
    }
    return devices;
}

std::int64_t
AnalogLinkHelper::AssignStreams(const ns3::NetDeviceContainer& devices, std::int64_t stream)
{
    std::vector<ns3::Ptr<AnalogChannel>> channels;
    for (auto it = devices.Begin(); it != devices.End(); ++it)
    {
        auto device = ns3::DynamicCast<AnalogNetDevice>(*it);
        auto channel = device ? ns3::DynamicCast<AnalogChannel>(device->GetChannel()) : nullptr;
        if (channel && std::find(channels.begin(), channels.end(), channel) == channels.end())
        {
            channels.push_back(channel);
        }
    }
    std::int64_t used = 0;
    for (const auto& channel : channels)
    {
        used += channel->AssignStreams(stream + used);
    }
    return used;
}

} // namespace eesim
