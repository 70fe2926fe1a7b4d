#include "sim/topology/association-spread.h"

#include <ns3/callback.h>
#include <ns3/mac48-address.h>
#include <ns3/nstime.h>
#include <ns3/sta-wifi-mac.h>
#include <ns3/wifi-net-device.h>
#include <vector>

namespace eesim
{

void
AssociationSpread::Apply(const Scenario& scenario, const ns3::NetDeviceContainer& devices)
{
    if (scenario.adhoc || scenario.associationSpreadSeconds <= 0)
    {
        return;
    }
    std::vector<ns3::Ptr<ns3::StaWifiMac>> stations;
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        auto device = ns3::DynamicCast<ns3::WifiNetDevice>(devices.Get(i));
        if (auto station = ns3::DynamicCast<ns3::StaWifiMac>(device->GetMac()))
        {
            stations.push_back(station);
        }
    }
    for (std::size_t k = 0; k < stations.size(); ++k)
    {
        ns3::StaWifiMac* station = ns3::PeekPointer(stations[k]);
        ns3::TimeValue dwell;
        station->GetAttribute("WaitBeaconTimeout", dwell);
        const double share = double(k) / double(stations.size());
        station->SetAttribute(
            "WaitBeaconTimeout",
            ns3::TimeValue(dwell.Get() + ns3::Seconds(scenario.associationSpreadSeconds * share)));
        // The station owns the trace, so a plain pointer to it stays valid in the callback.
        station->TraceConnectWithoutContext(
            "Assoc", ns3::Callback<void, ns3::Mac48Address>(
                         [station, dwell](ns3::Mac48Address)
                         { station->SetAttribute("WaitBeaconTimeout", dwell); }));
    }
}

} // namespace eesim
