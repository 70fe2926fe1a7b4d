#include "sim/topology/analog-links.h"

#include "base/seed-streams.h"
#include "nn/multi-exit-model.h"
#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"

#include <cmath>
#include <ns3/double.h>
#include <ns3/uinteger.h>

namespace eesim
{

namespace
{

// Fixed random-stream base (the others are in topology-builder.cc and link-environment.cc).
constexpr int64_t kAnalogStreams = 5000;

LinkBudget
AnalogBudget(const LinkEnvironment& environment)
{
    const ChannelConfig& c = environment.GetScenario().channel;
    LinkBudget budget
        = c.fixedSnr ? LinkBudget::FixedSnr(c.snrDb)
                     : LinkBudget::FromPropagation(c.analogTxPowerDbm, environment.MeanPathLoss(),
                                                   c.analogBandwidthHz, c.analogNoiseFigureDb);
    budget.SetTxPowerDbm(c.analogTxPowerDbm);
    environment.AddFading(budget);
    return budget;
}

} // namespace

AnalogLinks::AnalogLinks(const LinkEnvironment& environment)
    : m_environment(environment)
    , m_budget(AnalogBudget(environment))
{
    const Scenario& scenario = environment.GetScenario();
    m_helper.SetChannelAttribute("SymbolRate", ns3::DoubleValue(scenario.channel.symbolRate));
    // The noise of each transmission is a function of the run's seed and the request.
    m_helper.SetDeviceAttribute(
        "NoiseSeed", ns3::UintegerValue(StreamSeed(SeedStream::kAnalogNoise, scenario.seed)));
}

void
AnalogLinks::Install(int from, int to)
{
    const ns3::NodeContainer nodes = m_environment.GetNodes();
    const ns3::NetDeviceContainer pair
        = m_helper.Install(nodes.Get(uint32_t(from)), nodes.Get(uint32_t(to)), m_budget);
    m_senders[{ from, to }] = pair.Get(0)->GetObject<AnalogNetDevice>();
    m_linkReceivers[{ from, to }] = pair.Get(1)->GetObject<AnalogNetDevice>();
    m_receivers[to].push_back(pair.Get(1)->GetObject<AnalogNetDevice>());
    m_devices.Add(pair);
}

void
AnalogLinks::Finish()
{
    AnalogLinkHelper::AssignStreams(m_devices, kAnalogStreams);
}

double
AnalogLinks::SnrDb(int from, int to, double seconds) const
{
    return m_environment.SnrDb(m_budget, from, to, seconds);
}

ns3::Ptr<ns3::NetDevice>
AnalogLinks::SymbolSender(int from, int to) const
{
    const auto it = m_senders.find({ from, to });
    return it == m_senders.end() ? nullptr : it->second;
}

std::vector<ns3::Ptr<ns3::NetDevice>>
AnalogLinks::SymbolReceivers(int node) const
{
    const auto it = m_receivers.find(node);
    return it == m_receivers.end() ? std::vector<ns3::Ptr<ns3::NetDevice>>() : it->second;
}

std::uint64_t
AnalogLinks::SymbolNoiseSeed(int from, int to, std::uint64_t key) const
{
    return m_linkReceivers.at({ from, to })->ReceptionNoiseSeed(key);
}

double
AnalogLinks::SymbolRate(int /*from*/, int /*to*/) const
{
    return m_environment.GetScenario().channel.symbolRate;
}

double
AnalogLinks::SymbolTxWatts(int /*from*/, int /*to*/) const
{
    return std::pow(10.0, (m_environment.GetScenario().channel.analogTxPowerDbm - 30.0) / 10.0);
}

namespace
{

void
ReadSettings(const nlohmann::json& settings, ChannelConfig& channel)
{
    channel.symbolRate = settings["symbol_rate_per_s"];
    channel.analogTxPowerDbm = settings["tx_power_dbm"];
    channel.analogNoiseFigureDb = settings["noise_figure_db"];
    const double bandwidth = settings["bandwidth_hz"];
    channel.analogBandwidthHz = bandwidth > 0 ? bandwidth : channel.symbolRate;
}

std::string
CheckLink(const MultiExitModel& model, const ScenarioLink& link)
{
    if (link.carriesInput)
    {
        return "is analog, but it would carry the request's input (segment 0 is placed on "
               "another node; analog links carry only a bottleneck's channel symbols)";
    }
    return model.HasBottleneck(link.segment)
               ? ""
               : "is analog, but the model has no bottleneck there (analog links carry a "
                 "bottleneck's channel symbols)";
}

const Registration<LinkType> kRegistration{
    { "analog",
      "the bottleneck's channel symbols over an analog link with Gaussian noise at the link's SNR "
      "(needs a model with a bottleneck before the link)",
      {
          keys::Number("symbol_rate_per_s", 1e6, 1e3, 1e11,
                       "channel symbols (real channel uses) per second"),
          keys::Number("tx_power_dbm", 10, -50, 40, "transmit power (dBm)"),
          keys::Number("noise_figure_db", 7, 0, 40, "receiver noise figure (dB)"),
          keys::Number("bandwidth_hz", 0, 0, 1e11, "noise bandwidth (Hz); 0 = the symbol rate"),
      },
      LinkCarrier::kSymbols,
      /*ridesWifi=*/false,
      ReadSettings,
      CheckLink,
      [](const Scenario&) { return std::string("analog"); },
      [](const LinkEnvironment& environment) -> std::unique_ptr<LinkSet>
      { return std::make_unique<AnalogLinks>(environment); } }
};

} // namespace

} // namespace eesim
