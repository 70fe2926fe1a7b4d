#ifndef EESIM_CHANNEL_BLOCK_FADING_LOSS_MODEL_H
#define EESIM_CHANNEL_BLOCK_FADING_LOSS_MODEL_H

#include "channel/pair-fading-loss-model.h"

#include <cstdint>
#include <ns3/nstime.h>

namespace eesim
{

/**
 * Rayleigh block fading: the channel's power gain is constant during a block of CoherenceTime
 * and independent from block to block, with an Exp(1) distribution (mean gain 1, i.e. 0 dB on
 * average in linear terms).
 *
 * The gain of block b = floor(t / CoherenceTime) is drawn from a generator seeded by the pair's
 * seed (PairFadingLossModel::PairSeed) and b: a pure function of time and pair, with nothing to
 * remember.
 */
class BlockFadingLossModel : public PairFadingLossModel
{
  public:
    static ns3::TypeId GetTypeId();

    BlockFadingLossModel();

    /** Linear power gain between the nodes of `a` and `b` at time `t`. */
    double PowerGainAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                       ns3::Time t) const;
    /** Linear power gain for a pair given by NodePairKey (no mobility needed). */
    double PowerGainForPair(std::uint64_t pairKey, ns3::Time t) const;
    /** The same gain in dB (negative in a fade). */
    double GainDbForPair(std::uint64_t pairKey, ns3::Time t) const override;
    /** The block holding `t`: floor(t / CoherenceTime). */
    std::int64_t BlockIndex(ns3::Time t) const;

  private:
    ns3::Time m_coherenceTime;
};

} // namespace eesim

#endif
