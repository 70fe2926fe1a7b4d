#include "channel/wifi-snr-monitor.h"

#include "base/error.h"

#include <limits>
#include <ns3/ampdu-subframe-header.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/wifi-mac-header.h>
#include <ns3/wifi-net-device.h>
#include <ns3/wifi-phy.h>
#include <optional>

namespace eesim
{

namespace
{

/** The transmitter address of a sniffed frame, if the frame has one and it can be read. */
std::optional<ns3::Mac48Address>
Transmitter(ns3::Ptr<const ns3::Packet> packet, const ns3::MpduInfo& mpdu)
{
    ns3::Ptr<ns3::Packet> frame = packet->Copy();
    if (mpdu.type != ns3::NORMAL_MPDU)
    {
        // Subframes of an A-MPDU (or S-MPDU) start with a 4-byte delimiter.
        ns3::AmpduSubframeHeader delimiter;
        if (frame->GetSize() < delimiter.GetSerializedSize())
        {
            return std::nullopt;
        }
        frame->RemoveHeader(delimiter);
    }
    constexpr std::uint32_t kShortestHeader = 10; // frame control, duration, Addr1
    if (frame->GetSize() < kShortestHeader)
    {
        return std::nullopt;
    }
    ns3::WifiMacHeader header;
    frame->PeekHeader(header);
    const bool hasAddr2 = !(header.IsCtl() && (header.IsAck() || header.IsCts()));
    if (!hasAddr2 || header.GetSerializedSize() > frame->GetSize())
    {
        return std::nullopt;
    }
    return header.GetAddr2();
}

} // namespace

WifiSnrMonitor::WifiSnrMonitor()
    : m_records(std::make_shared<Records>())
{
}

void
WifiSnrMonitor::Install(ns3::Ptr<ns3::NetDevice> device)
{
    Connect(device, nullptr);
}

void
WifiSnrMonitor::Install(ns3::Ptr<ns3::NetDevice> device, std::set<ns3::Mac48Address> transmitters)
{
    Connect(device, std::make_shared<const std::set<ns3::Mac48Address>>(std::move(transmitters)));
}

void
WifiSnrMonitor::Connect(ns3::Ptr<ns3::NetDevice> device,
                        std::shared_ptr<const std::set<ns3::Mac48Address>> transmitters)
{
    auto wifi = ns3::DynamicCast<ns3::WifiNetDevice>(device);
    if (!wifi)
    {
        throw Error("WifiSnrMonitor::Install needs a WifiNetDevice", Error::Kind::kRuntime);
    }
    const std::uint32_t node = wifi->GetNode()->GetId();
    // The callback shares the records, not the monitor: either may go away first.
    std::shared_ptr<Records> records = m_records;
    auto onFrame = [records, node,
                    transmitters](ns3::Ptr<const ns3::Packet> packet, uint16_t /*channelFreqMhz*/,
                                  ns3::WifiTxVector /*txVector*/, ns3::MpduInfo mpdu,
                                  ns3::SignalNoiseDbm signalNoise, uint16_t /*staId*/)
    {
        const std::optional<ns3::Mac48Address> from = Transmitter(packet, mpdu);
        if (!from || (transmitters && transmitters->count(*from) == 0))
        {
            return;
        }
        Record& record = (*records)[Key(node, *from)];
        record.lastSnrDb = signalNoise.signal - signalNoise.noise;
        record.lastTime = ns3::Simulator::Now();
        ++record.frames;
    };
    for (const ns3::Ptr<ns3::WifiPhy>& phy : wifi->GetPhys())
    {
        phy->TraceConnectWithoutContext(
            "MonitorSnifferRx",
            ns3::Callback<void, ns3::Ptr<const ns3::Packet>, uint16_t, ns3::WifiTxVector,
                          ns3::MpduInfo, ns3::SignalNoiseDbm, uint16_t>(onFrame));
    }
}

void
WifiSnrMonitor::Install(const ns3::NetDeviceContainer& devices)
{
    for (auto it = devices.Begin(); it != devices.End(); ++it)
    {
        Install(*it);
    }
}

const WifiSnrMonitor::Record*
WifiSnrMonitor::Find(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const
{
    auto found = m_records->find(Key(receiverNode, transmitter));
    return found == m_records->end() ? nullptr : &found->second;
}

double
WifiSnrMonitor::LastSnrDb(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const
{
    const Record* record = Find(receiverNode, transmitter);
    return record ? record->lastSnrDb : std::numeric_limits<double>::quiet_NaN();
}

ns3::Time
WifiSnrMonitor::LastTime(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const
{
    const Record* record = Find(receiverNode, transmitter);
    return record ? record->lastTime : ns3::Seconds(-1);
}

std::uint64_t
WifiSnrMonitor::FrameCount(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const
{
    const Record* record = Find(receiverNode, transmitter);
    return record ? record->frames : 0;
}

} // namespace eesim
