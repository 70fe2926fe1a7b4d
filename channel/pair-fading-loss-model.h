#ifndef EESIM_CHANNEL_PAIR_FADING_LOSS_MODEL_H
#define EESIM_CHANNEL_PAIR_FADING_LOSS_MODEL_H

#include <cstdint>
#include <ns3/mobility-model.h>
#include <ns3/nstime.h>
#include <ns3/propagation-loss-model.h>

namespace eesim
{

/**
 * What the project's slow fading models have in common: one process per unordered node pair,
 * a pure function of (run, stream, pair, time), so that it is reciprocal, the same for a
 * channel-state query and a transmission at the same time, and independent of query order.
 *
 * A subclass says what a pair's gain is at a time (GainDbForPair) and draws from PairSeed. This
 * class does the rest once: it turns mobility models into node-pair keys, applies the gain to
 * ns-3 frames at the current time, and keeps the stream AssignStreams gives (0 without it, so
 * give each instance its own stream when a scenario has several).
 */
class PairFadingLossModel : public ns3::PropagationLossModel
{
  public:
    static ns3::TypeId GetTypeId();

    /** Gain (dB; negative in a fade or in a lossy state) of the pair NodePairKey names, at `t`. */
    virtual double GainDbForPair(std::uint64_t pairKey, ns3::Time t) const = 0;
    /** The same gain between the nodes of `a` and `b`. */
    double GainDbAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                    ns3::Time t) const;

    /**
     * NodePairKey of the nodes the two mobility models are aggregated to; throws eesim::Error
     * when a model belongs to no node (the processes need stable node ids).
     */
    static std::uint64_t PairOf(ns3::Ptr<const ns3::MobilityModel> a,
                                ns3::Ptr<const ns3::MobilityModel> b);

  protected:
    /** The seed of one pair's process: the run (RunSeed), this model's stream and the pair. */
    std::uint64_t PairSeed(std::uint64_t pairKey) const;
    /** Called after AssignStreams changed the stream: drop whatever was drawn with the old one. */
    virtual void StreamChanged() {}

  private:
    double DoCalcRxPower(double txPowerDbm, ns3::Ptr<ns3::MobilityModel> a,
                         ns3::Ptr<ns3::MobilityModel> b) const final;
    int64_t DoAssignStreams(int64_t stream) final;

    std::int64_t m_stream = 0;
};

} // namespace eesim

#endif
