#include "channel/link-budget.h"

#include "base/error.h"
#include "channel/fading-seed.h"

#include <cmath>
#include <ns3/constant-position-mobility-model.h>
#include <ns3/simulator.h>

namespace eesim
{

namespace
{

ns3::Ptr<ns3::MobilityModel>
MobilityOf(ns3::Ptr<ns3::Node> node)
{
    ns3::Ptr<ns3::MobilityModel> mobility = node->GetObject<ns3::MobilityModel>();
    if (!mobility)
    {
        throw Error("node " + std::to_string(node->GetId())
                        + " has no mobility model; a propagation link budget needs positions",
                    Error::Kind::kRuntime);
    }
    return mobility;
}

/** A stand-in mobility model frozen at `position`, for evaluating path loss at a past time. */
ns3::Ptr<ns3::MobilityModel>
FrozenAt(const ns3::Vector& position)
{
    auto frozen = ns3::CreateObject<ns3::ConstantPositionMobilityModel>();
    frozen->SetPosition(position);
    return frozen;
}

} // namespace

LinkBudget
LinkBudget::FixedSnr(double snrDb)
{
    LinkBudget budget;
    budget.m_fixedSnrDb = snrDb;
    return budget;
}

LinkBudget
LinkBudget::FromPropagation(double txPowerDbm, ns3::Ptr<ns3::PropagationLossModel> pathLoss,
                            double bandwidthHz, double noiseFigureDb)
{
    if (!pathLoss)
    {
        throw Error("a propagation link budget needs a path-loss model", Error::Kind::kRuntime);
    }
    LinkBudget budget;
    budget.m_txPowerDbm = txPowerDbm;
    budget.m_pathLoss = pathLoss;
    budget.m_noiseFloorDbm = NoiseFloorDbm(bandwidthHz, noiseFigureDb);
    return budget;
}

double
LinkBudget::NoiseFloorDbm(double bandwidthHz, double noiseFigureDb)
{
    return -174.0 + 10.0 * std::log10(bandwidthHz) + noiseFigureDb;
}

ns3::Vector
LinkBudget::PositionAt(ns3::Ptr<const ns3::MobilityModel> mobility, ns3::Time t)
{
    const double back = (ns3::Simulator::Now() - t).GetSeconds();
    const ns3::Vector position = mobility->GetPosition();
    const ns3::Vector velocity = mobility->GetVelocity();
    return ns3::Vector(position.x - velocity.x * back, position.y - velocity.y * back,
                       position.z - velocity.z * back);
}

void
LinkBudget::SetBlockFading(ns3::Ptr<BlockFadingLossModel> fading)
{
    m_blockFading = fading;
}

void
LinkBudget::SetGilbertElliott(ns3::Ptr<GilbertElliottLossModel> gilbertElliott)
{
    m_gilbertElliott = gilbertElliott;
}

void
LinkBudget::SetTxPowerDbm(double txPowerDbm)
{
    m_txPowerDbm = txPowerDbm;
}

double
LinkBudget::PathRxPowerDbm(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const
{
    // The loss model reads positions from mobility models, which only know "now"; frozen copies
    // at the positions of time t let it answer for the past.
    auto txAt = FrozenAt(PositionAt(MobilityOf(tx), t));
    auto rxAt = FrozenAt(PositionAt(MobilityOf(rx), t));
    return m_pathLoss->CalcRxPower(m_txPowerDbm, txAt, rxAt);
}

double
LinkBudget::FadingDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const
{
    const std::uint64_t pair = NodePairKey(tx->GetId(), rx->GetId());
    double db = 0.0;
    if (m_blockFading)
    {
        db += m_blockFading->GainDbForPair(pair, t);
    }
    if (m_gilbertElliott)
    {
        db -= m_gilbertElliott->LossDbForPair(pair, t);
    }
    return db;
}

double
LinkBudget::MeanSnrDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const
{
    if (IsFixedSnr())
    {
        return m_fixedSnrDb;
    }
    return PathRxPowerDbm(tx, rx, t) - m_noiseFloorDbm;
}

double
LinkBudget::SnrDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const
{
    return MeanSnrDb(tx, rx, t) + FadingDb(tx, rx, t);
}

std::int64_t
LinkBudget::AssignStreams(std::int64_t stream)
{
    std::int64_t used = 0;
    if (m_pathLoss)
    {
        used += m_pathLoss->AssignStreams(stream + used);
    }
    if (m_blockFading)
    {
        used += m_blockFading->AssignStreams(stream + used);
    }
    if (m_gilbertElliott)
    {
        used += m_gilbertElliott->AssignStreams(stream + used);
    }
    return used;
}

} // namespace eesim
