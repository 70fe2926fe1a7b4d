#include "radio-energy.h"

#include <ns3/basic-energy-source-helper.h>
#include <ns3/double.h>
#include <ns3/wifi-radio-energy-model-helper.h>

namespace eesim
{

void
RadioEnergy::Install(const ns3::NodeContainer& nodes, const ns3::NetDeviceContainer& wifiDevices,
                     const std::vector<bool>& measure)
{
    ns3::BasicEnergySourceHelper source;
    // The default 10 J would run dry within a minute of idle listening and switch radios off.
    // 1 MJ lasts two weeks of simulated time; far more would overflow the PHY's check of how
    // long the source can power a state (a Time in nanoseconds).
    source.Set("BasicEnergySourceInitialEnergyJ", ns3::DoubleValue(1e6));
    ns3::WifiRadioEnergyModelHelper radio;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (!measure[i])
        {
            continue;
        }
        ns3::EnergySourceContainer sources = source.Install(nodes.Get(i));
        m_models.Add(radio.Install(wifiDevices.Get(i), sources.Get(0)));
    }
}

double
RadioEnergy::TotalJoules() const
{
    double joules = 0.0;
    for (auto it = m_models.Begin(); it != m_models.End(); ++it)
    {
        joules += (*it)->GetTotalEnergyConsumption();
    }
    return joules;
}

} // namespace eesim
