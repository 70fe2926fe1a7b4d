#ifndef EESIM_CHANNEL_RADIO_ENERGY_H
#define EESIM_CHANNEL_RADIO_ENERGY_H

#include <array>
#include <memory>
#include <ns3/net-device-container.h>
#include <ns3/node-container.h>
#include <vector>

namespace eesim
{

/**
 * The Wi-Fi radio energy of the requesting devices, metered as ns-3's WifiRadioEnergyModel
 * meters it: its PHY listener reports each radio state change, and the time in each state is
 * charged at the model's default currents (idle and CCA busy 273 mA, receive 313 mA, transmit
 * 380 mA) and the basic energy source's supply voltage (3 V). Idle listening is included, as
 * on a real radio.
 *
 * Not the model itself, for two faults of ns-3 3.37's: on every state change it schedules the
 * moment its energy source would run dry and cancels the previous one, and ns-3 keeps
 * cancelled events until their time comes (weeks away for a source that never runs dry), so
 * a busy network's event list grew without bound (400 MB for the 50-device stress scenario);
 * and once the PHY is switched off, even for an instant (as many stations are while
 * associating), the model stays off and charges nothing more. Without a source nothing can
 * run dry and nothing needs scheduling; on a run without those faults the figures are
 * bit-identical to the model's.
 */
class RadioEnergy
{
  public:
    RadioEnergy();
    ~RadioEnergy();
    RadioEnergy(const RadioEnergy&) = delete;
    RadioEnergy& operator=(const RadioEnergy&) = delete;

    /** Meters the Wi-Fi device of each node where `measure[i]` is true. */
    void Install(const ns3::NodeContainer& nodes, const ns3::NetDeviceContainer& wifiDevices,
                 const std::vector<bool>& measure);
    /** Energy the metered radios consumed so far (J). */
    double TotalJoules() const;

  private:
    class Meter;

    std::array<double, 7> m_watts{}; // per WifiPhyState: current x supply voltage
    std::vector<std::unique_ptr<Meter>> m_meters;
};

} // namespace eesim

#endif
