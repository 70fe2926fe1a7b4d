#ifndef EESIM_CHANNEL_GILBERT_ELLIOTT_LOSS_MODEL_H
#define EESIM_CHANNEL_GILBERT_ELLIOTT_LOSS_MODEL_H

#include "channel/pair-fading-loss-model.h"

#include <cstdint>
#include <map>
#include <ns3/nstime.h>
#include <random>
#include <vector>

namespace eesim
{

/**
 * Gilbert-Elliott channel: a two-state Markov process per node pair, good (no extra loss) or bad
 * (BadLoss dB), with exponential dwell times of mean MeanGoodTime and MeanBadTime.
 *
 * Each pair's trajectory (its switch times) is generated forward from t = 0 by a generator seeded
 * with the pair's seed (PairFadingLossModel::PairSeed), and kept, so the state is a pure function
 * of (pair, t): queries at past times return what they would have returned then. The state at t = 0
 * is drawn from the stationary distribution (bad with probability MeanBad / (MeanGood + MeanBad)),
 * so the process is stationary from the start. Times before 0 read the state at 0.
 *
 * Memory grows with the simulated horizon: about one switch per (MeanGood + MeanBad) / 2 per pair.
 */
class GilbertElliottLossModel : public PairFadingLossModel
{
  public:
    static ns3::TypeId GetTypeId();

    GilbertElliottLossModel();

    /** Extra loss (dB, 0 or BadLoss) between the nodes of `a` and `b` at time `t`. */
    double LossDbAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                    ns3::Time t) const;
    bool IsBadAt(ns3::Ptr<const ns3::MobilityModel> a, ns3::Ptr<const ns3::MobilityModel> b,
                 ns3::Time t) const;
    /** The same for a pair given by NodePairKey (no mobility needed). */
    double LossDbForPair(std::uint64_t pairKey, ns3::Time t) const;
    bool IsBadForPair(std::uint64_t pairKey, ns3::Time t) const;
    /** The pair's state switches in (0, until], in order; each toggles good and bad. */
    std::vector<ns3::Time> SwitchTimesForPair(std::uint64_t pairKey, ns3::Time until) const;
    /** Minus LossDbForPair: the bad state is a fade of BadLoss dB. */
    double GainDbForPair(std::uint64_t pairKey, ns3::Time t) const override;

  protected:
    void DoDispose() override;
    void StreamChanged() override;

  private:
    /** One pair's lazily extended trajectory. */
    struct Trajectory
    {
        std::mt19937_64 engine;
        bool startsBad = false;
        std::vector<std::int64_t> switchSteps; // time steps, non-decreasing
    };

    void SetMeanGoodTime(ns3::Time mean);
    void SetMeanBadTime(ns3::Time mean);
    ns3::Time GetMeanGoodTime() const;
    ns3::Time GetMeanBadTime() const;

    /** The pair's trajectory, generated at least past `step`. */
    const Trajectory& TrajectoryUntil(std::uint64_t pairKey, std::int64_t step) const;
    Trajectory& Start(std::uint64_t pairKey) const;

    double m_badLossDb = 15.0;
    ns3::Time m_meanGood;
    ns3::Time m_meanBad;
    // Caches, not state: regenerated identically from the seeds whenever they are dropped.
    mutable std::map<std::uint64_t, Trajectory> m_trajectories;
    mutable std::uint64_t m_cachedRunSeed = 0;
};

} // namespace eesim

#endif
