#include "channel/radio-energy.h"

#include <ns3/basic-energy-source.h>
#include <ns3/double.h>
#include <ns3/simulator.h>
#include <ns3/wifi-net-device.h>
#include <ns3/wifi-phy-state-helper.h>
#include <ns3/wifi-phy-state.h>
#include <ns3/wifi-phy.h>
#include <ns3/wifi-radio-energy-model.h>

namespace eesim
{

/** One radio: its state since the last change, and the energy of the states before. */
class RadioEnergy::Meter
{
  public:
    Meter(const std::array<double, 7>& watts, ns3::Ptr<ns3::WifiPhy> phy)
        : m_watts(watts)
        , m_phyState(phy->GetState())
    {
        m_listener.SetChangeStateCallback(ns3::MakeCallback(&Meter::ChangeState, this));
        // The transmit current does not depend on the transmit power (no current model).
        m_listener.SetUpdateTxCurrentCallback(ns3::MakeCallback(&Meter::IgnoreTxPower, this));
        m_phyState->RegisterListener(&m_listener);
    }

    // The state helper is held here, so it is still there to let go of the listener even
    // after the simulation disposed of the PHY.
    ~Meter() { m_phyState->UnregisterListener(&m_listener); }

    double Joules() const { return m_joules + SinceLastChange(); }

  private:
    /** As WifiRadioEnergyModel::ChangeState: the state left is charged for its duration. */
    void ChangeState(int state)
    {
        m_joules += SinceLastChange();
        m_since = ns3::Simulator::Now();
        m_state = state;
    }

    double SinceLastChange() const
    {
        return (ns3::Simulator::Now() - m_since).GetSeconds() * m_watts[std::size_t(m_state)];
    }

    void IgnoreTxPower(double /*txPowerDbm*/) {}

    const std::array<double, 7>& m_watts;
    ns3::Ptr<ns3::WifiPhyStateHelper> m_phyState;
    ns3::WifiRadioEnergyModelPhyListener m_listener;
    int m_state = WifiPhyState::IDLE;
    ns3::Time m_since;
    double m_joules = 0.0;
};

RadioEnergy::RadioEnergy()
{
    // ns-3's defaults, read from the objects that define them.
    auto model = ns3::CreateObject<ns3::WifiRadioEnergyModel>();
    auto source = ns3::CreateObject<ns3::BasicEnergySource>();
    const double volts = source->GetSupplyVoltage();
    m_watts[WifiPhyState::IDLE] = model->GetIdleCurrentA() * volts;
    m_watts[WifiPhyState::CCA_BUSY] = model->GetCcaBusyCurrentA() * volts;
    m_watts[WifiPhyState::TX] = model->GetTxCurrentA() * volts;
    m_watts[WifiPhyState::RX] = model->GetRxCurrentA() * volts;
    m_watts[WifiPhyState::SWITCHING] = model->GetSwitchingCurrentA() * volts;
    m_watts[WifiPhyState::SLEEP] = model->GetSleepCurrentA() * volts;
    m_watts[WifiPhyState::OFF] = 0.0;
}

RadioEnergy::~RadioEnergy() = default;

void
RadioEnergy::Install(const ns3::NodeContainer& nodes, const ns3::NetDeviceContainer& wifiDevices,
                     const std::vector<bool>& measure)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (measure[i])
        {
            auto device = ns3::DynamicCast<ns3::WifiNetDevice>(wifiDevices.Get(i));
            m_meters.push_back(std::make_unique<Meter>(m_watts, device->GetPhy()));
        }
    }
}

double
RadioEnergy::TotalJoules() const
{
    double joules = 0.0;
    for (const auto& meter : m_meters)
    {
        joules += meter->Joules();
    }
    return joules;
}

} // namespace eesim
