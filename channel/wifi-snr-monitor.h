#ifndef EESIM_CHANNEL_WIFI_SNR_MONITOR_H
#define EESIM_CHANNEL_WIFI_SNR_MONITOR_H

#include <cstdint>
#include <map>
#include <memory>
#include <ns3/mac48-address.h>
#include <ns3/net-device-container.h>
#include <ns3/nstime.h>
#include <set>
#include <utility>

namespace eesim
{

/**
 * Per-frame SNR of digital Wi-Fi links as the receiving PHY measured it. Listens to the
 * MonitorSnifferRx trace of every PHY of the installed Wi-Fi devices and keeps, per receiving node
 * and transmitter MAC address (the frame's Addr2), the SNR (signal - noise, dB) of the latest
 * frame the PHY decoded, when it arrived, and how many there were.
 *
 * A-MPDU subframes (every data frame in 802.11ax) are read after their delimiter; frames without
 * a transmitter address (ACK, CTS) are skipped. The records live as long as the longest of the
 * monitor and the PHYs, so destroying either first is safe.
 */
class WifiSnrMonitor
{
  public:
    WifiSnrMonitor();

    /** Records frames received by a WifiNetDevice's PHYs; throws eesim::Error for other devices. */
    void Install(ns3::Ptr<ns3::NetDevice> device);
    void Install(const ns3::NetDeviceContainer& devices);
    /** Records only the frames from `transmitters` that the device's PHYs receive. Every PHY on a
     *  channel decodes nearly every frame, so recording all of them at every node costs
     *  N frames x N receivers; a run needs a few receivers and their senders. */
    void Install(ns3::Ptr<ns3::NetDevice> device, std::set<ns3::Mac48Address> transmitters);

    /** SNR (dB) of the latest frame `receiverNode` decoded from `transmitter`; NaN if none. */
    double LastSnrDb(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const;
    /** When that frame ended; -1 s if none. */
    ns3::Time LastTime(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const;
    /** How many frames `receiverNode` decoded from `transmitter`. */
    std::uint64_t FrameCount(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const;

  private:
    struct Record
    {
        double lastSnrDb = 0.0;
        ns3::Time lastTime;
        std::uint64_t frames = 0;
    };
    using Key = std::pair<std::uint32_t, ns3::Mac48Address>;
    using Records = std::map<Key, Record>;

    /** Connects to the device's PHYs; `transmitters` null records every transmitter. */
    void Connect(ns3::Ptr<ns3::NetDevice> device,
                 std::shared_ptr<const std::set<ns3::Mac48Address>> transmitters);
    const Record* Find(std::uint32_t receiverNode, ns3::Mac48Address transmitter) const;

    std::shared_ptr<Records> m_records;
};

} // namespace eesim

#endif
