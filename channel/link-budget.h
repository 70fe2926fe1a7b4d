#ifndef EESIM_CHANNEL_LINK_BUDGET_H
#define EESIM_CHANNEL_LINK_BUDGET_H

#include "channel/block-fading-loss-model.h"
#include "channel/gilbert-elliott-loss-model.h"

#include <cstdint>
#include <ns3/mobility-model.h>
#include <ns3/node.h>
#include <ns3/nstime.h>
#include <ns3/propagation-loss-model.h>

namespace eesim
{

/**
 * The SNR (dB) a transmission between two nodes sees at a time t:
 *
 *   propagation mode:  txPower - meanPathLoss(positions at t) + fadingGain(t) - geLoss(t)
 *                      - noiseFloor(bandwidth, noiseFigure)
 *   fixed-SNR mode:    snr + fadingGain(t) - geLoss(t)
 *
 * where the fading terms are present only when the models are set, so block fading around a
 * fixed mean SNR works too. The path loss comes from any ns-3 PropagationLossModel (chain) that
 * depends on positions only, e.g. LogDistancePropagationLossModel; a random model in that chain
 * would make repeated queries disagree, which is what the fading models here avoid.
 *
 * Times may lie in the past (delayed channel-state information): positions are moved back along
 * the current velocity, position(t) = position(now) - velocity * (now - t), which is exact for
 * constant-velocity mobility. The fading models are pure functions of (node pair, t).
 *
 * A value type: copies share the same ns-3 models.
 */
class LinkBudget
{
  public:
    /** A fixed mean SNR; transmit power (for energy accounting) defaults to 20 dBm. */
    static LinkBudget FixedSnr(double snrDb);
    /** SNR from transmit power, a path-loss model, bandwidth and receiver noise figure. */
    static LinkBudget FromPropagation(double txPowerDbm,
                                      ns3::Ptr<ns3::PropagationLossModel> pathLoss,
                                      double bandwidthHz, double noiseFigureDb);

    /** Thermal noise floor kTB plus noise figure: -174 + 10 log10(B) + NF (dBm). */
    static double NoiseFloorDbm(double bandwidthHz, double noiseFigureDb);
    /** Position of a mobility model at `t`, extrapolated along its current velocity. */
    static ns3::Vector PositionAt(ns3::Ptr<const ns3::MobilityModel> mobility, ns3::Time t);

    void SetBlockFading(ns3::Ptr<BlockFadingLossModel> fading);
    void SetGilbertElliott(ns3::Ptr<GilbertElliottLossModel> gilbertElliott);
    void SetTxPowerDbm(double txPowerDbm);

    /**
     * SNR (dB) from `tx` to `rx` at time `t`. Propagation mode needs a MobilityModel on both
     * nodes (eesim::Error otherwise); fixed-SNR mode does not.
     */
    double SnrDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const;
    /** SNR without the fading terms: what the link gives on average at that distance. */
    double MeanSnrDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const;

    /**
     * Fixes the random streams of the path-loss chain and the fading models (in that order,
     * from `stream` on); returns how many were used.
     */
    std::int64_t AssignStreams(std::int64_t stream);

    bool IsFixedSnr() const { return !m_pathLoss; }
    double GetTxPowerDbm() const { return m_txPowerDbm; }
    /** Noise floor of the propagation mode (dBm); unused in fixed-SNR mode. */
    double GetNoiseFloorDbm() const { return m_noiseFloorDbm; }
    ns3::Ptr<ns3::PropagationLossModel> GetPathLoss() const { return m_pathLoss; }
    ns3::Ptr<BlockFadingLossModel> GetBlockFading() const { return m_blockFading; }
    ns3::Ptr<GilbertElliottLossModel> GetGilbertElliott() const { return m_gilbertElliott; }

  private:
    LinkBudget() = default;

    double PathRxPowerDbm(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const;
    double FadingDb(ns3::Ptr<ns3::Node> tx, ns3::Ptr<ns3::Node> rx, ns3::Time t) const;

    double m_fixedSnrDb = 0.0;
    double m_txPowerDbm = 20.0;
    double m_noiseFloorDbm = 0.0;
    ns3::Ptr<ns3::PropagationLossModel> m_pathLoss; // null in fixed-SNR mode
    ns3::Ptr<BlockFadingLossModel> m_blockFading;
    ns3::Ptr<GilbertElliottLossModel> m_gilbertElliott;
};

} // namespace eesim

#endif
