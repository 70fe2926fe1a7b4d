#ifndef EESIM_CHANNEL_BLOCK_FADING_LOSS_MODEL_H
#define EESIM_CHANNEL_BLOCK_FADING_LOSS_MODEL_H

#include <cstdint>
#include <ns3/nstime.h>
#include <ns3/propagation-loss-model.h>

namespace eesim
{

/**
 * Rayleigh block fading: the channel's power gain is constant during a block of CoherenceTime
 * and independent from block to block, with an Exp(1) distribution (mean gain 1, i.e. 0 dB on
 * average in linear terms).
 *
 * The gain of block b = floor(t / CoherenceTime) is drawn from a generator seeded by the run
 * (RngSeedManager seed and run), the stream given to AssignStreams, the unordered node pair and
 * b. It is therefore a pure function of time and pair: reciprocal (a->b equals b->a), the same for
 * a channel-state query and a transmission at the same time, and independent of query order.
 *
 * Without AssignStreams the stream is 0, so give each instance its own stream when a scenario has
 * several.
 */
class BlockFadingLossModel : public ns3::PropagationLossModel
{
  public:
    static ns3::TypeId GetTypeId();

    BlockFadingLossModel();

    /** Linear power gain between the nodes of `a` and `b` at time `t`. */
    double PowerGainAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                       ns3::Time t) const;
    /** The same gain in dB (negative in a fade). */
    double GainDbAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                    ns3::Time t) const;
    /** Linear power gain for a pair given by NodePairKey (no mobility needed). */
    double PowerGainForPair(std::uint64_t pairKey, ns3::Time t) const;
    double GainDbForPair(std::uint64_t pairKey, ns3::Time t) const;
    /** The block holding `t`: floor(t / CoherenceTime). */
    std::int64_t BlockIndex(ns3::Time t) const;

  private:
    double DoCalcRxPower(double txPowerDbm, ns3::Ptr<ns3::MobilityModel> a,
                         ns3::Ptr<ns3::MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    ns3::Time m_coherenceTime;
    std::int64_t m_stream = 0;
};

} // namespace eesim

#endif
