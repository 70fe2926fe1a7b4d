#include "sim/topology/link-environment.h"

#include "sim/scenario/scenario-links.h"
#include "sim/topology/link-type.h"

#include <algorithm>
#include <ns3/double.h>
#include <ns3/nstime.h>

namespace eesim
{

namespace
{

// Fixed random-stream base (the others are in topology-builder.cc and the link types' files).
constexpr int64_t kFadingStreams = 4000;

bool
SomeLinkRidesWifi(const Scenario& scenario)
{
    const auto links = ScenarioLinks(scenario);
    return std::any_of(links.begin(), links.end(),
                       [&](const ScenarioLink& link)
                       {
                           const std::string& name
                               = scenario.channel.LinkTypeOf(link.from, link.to);
                           return LinkTypeRegistry::Global().Find(name)->ridesWifi;
                       });
}

} // namespace

LinkEnvironment::LinkEnvironment(const Scenario& scenario, ns3::NodeContainer nodes)
    : m_scenario(scenario)
    , m_nodes(nodes)
    , m_wifiCarriesFeatures(SomeLinkRidesWifi(scenario))
{
    const ChannelConfig& c = scenario.channel;
    if (c.fading == "block")
    {
        m_blockFading = ns3::CreateObject<BlockFadingLossModel>();
        m_blockFading->SetAttribute("CoherenceTime",
                                    ns3::TimeValue(ns3::Seconds(c.coherenceSeconds)));
        m_blockFading->AssignStreams(kFadingStreams);
    }
    else if (c.fading == "gilbert-elliott")
    {
        m_gilbertElliott = ns3::CreateObject<GilbertElliottLossModel>();
        m_gilbertElliott->SetAttribute("BadLoss", ns3::DoubleValue(c.badLossDb));
        m_gilbertElliott->SetAttribute("MeanGoodTime",
                                       ns3::TimeValue(ns3::Seconds(c.meanGoodSeconds)));
        m_gilbertElliott->SetAttribute("MeanBadTime",
                                       ns3::TimeValue(ns3::Seconds(c.meanBadSeconds)));
        m_gilbertElliott->AssignStreams(kFadingStreams);
    }
}

ns3::Ptr<ns3::PropagationLossModel>
LinkEnvironment::MeanPathLoss() const
{
    auto model = ns3::CreateObject<ns3::LogDistancePropagationLossModel>();
    model->SetAttribute("Exponent", ns3::DoubleValue(m_scenario.pathLossExponent));
    model->SetAttribute("ReferenceLoss", ns3::DoubleValue(m_scenario.referenceLossDb));
    return model;
}

void
LinkEnvironment::AddFading(LinkBudget& budget) const
{
    if (m_blockFading)
    {
        budget.SetBlockFading(m_blockFading);
    }
    if (m_gilbertElliott)
    {
        budget.SetGilbertElliott(m_gilbertElliott);
    }
}

std::vector<ns3::Ptr<ns3::PropagationLossModel>>
LinkEnvironment::FadingModels() const
{
    std::vector<ns3::Ptr<ns3::PropagationLossModel>> models;
    if (m_blockFading)
    {
        models.push_back(m_blockFading);
    }
    if (m_gilbertElliott)
    {
        models.push_back(m_gilbertElliott);
    }
    return models;
}

double
LinkEnvironment::SnrDb(const LinkBudget& budget, int from, int to, double seconds) const
{
    return budget.SnrDb(m_nodes.Get(uint32_t(from)), m_nodes.Get(uint32_t(to)),
                        ns3::Seconds(seconds));
}

} // namespace eesim
