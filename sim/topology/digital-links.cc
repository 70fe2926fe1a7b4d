#include "sim/topology/digital-links.h"

#include "channel/feature-codec.h"
#include "sim/topology/link-type.h"

namespace eesim
{

namespace
{

LinkBudget
WifiBudget(const LinkEnvironment& environment)
{
    const Scenario& s = environment.GetScenario();
    // Fixed SNR and slow fading shape Wi-Fi only when it carries features (it does here, unless
    // the scenario has no digital link and this set is never used).
    if (s.channel.fixedSnr && environment.WifiCarriesFeatures())
    {
        return LinkBudget::FixedSnr(s.channel.snrDb);
    }
    return LinkBudget::FromPropagation(s.txPowerDbm, environment.MeanPathLoss(),
                                       s.channelWidthMhz * 1e6,
                                       LinkEnvironment::kWifiNoiseFigureDb);
}

} // namespace

DigitalLinks::DigitalLinks(const LinkEnvironment& environment)
    : m_environment(environment)
    , m_budget(WifiBudget(environment))
{
    if (environment.WifiCarriesFeatures())
    {
        environment.AddFading(m_budget);
    }
}

double
DigitalLinks::SnrDb(int from, int to, double seconds) const
{
    return m_environment.SnrDb(m_budget, from, to, seconds);
}

namespace
{

const Registration<LinkType> kRegistration{
    { "digital",
      "encoded bytes in Wi-Fi frames",
      {},
      LinkCarrier::kMessages,
      /*ridesWifi=*/true,
      nullptr,
      [](const MultiExitModel&, const ScenarioLink&) { return std::string(); },
      [](const Scenario& scenario) { return "digital-" + FeatureEncodingName(scenario.encoding); },
      [](const LinkEnvironment& environment) -> std::unique_ptr<LinkSet>
      { return std::make_unique<DigitalLinks>(environment); } }
};

} // namespace

} // namespace eesim
