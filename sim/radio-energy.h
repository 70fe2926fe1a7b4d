#ifndef EESIM_SIM_RADIO_ENERGY_H
#define EESIM_SIM_RADIO_ENERGY_H

#include <ns3/device-energy-model-container.h>
#include <vector>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>

namespace eesim
{

/**
 * The Wi-Fi radio energy of the requesting devices, from ns-3's WifiRadioEnergyModel (its
 * default currents at 3 V: idle 273 mA, receive 313 mA, transmit 380 mA) on an energy source
 * large enough never to run dry. Idle listening is included, as on a real radio.
 */
class RadioEnergy
{
  public:
    /** Attaches a model to the Wi-Fi device of each node where `measure[i]` is true. */
    void Install(const ns3::NodeContainer& nodes, const ns3::NetDeviceContainer& wifiDevices,
                 const std::vector<bool>& measure);
    /** Energy the measured radios consumed so far (J). */
    double TotalJoules() const;

  private:
    ns3::DeviceEnergyModelContainer m_models;
};

} // namespace eesim

#endif
