#include "channel/gilbert-elliott-loss-model.h"

#include "channel/fading-seed.h"

#include <algorithm>
#include <cmath>
#include <ns3/double.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(GilbertElliottLossModel);

ns3::TypeId
GilbertElliottLossModel::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::GilbertElliottLossModel")
              .SetParent<PairFadingLossModel>()
              .SetGroupName("Eesim")
              .AddConstructor<GilbertElliottLossModel>()
              .AddAttribute("BadLoss", "Extra loss in the bad state (dB); the good state has none.",
                            ns3::DoubleValue(15.0),
                            ns3::MakeDoubleAccessor(&GilbertElliottLossModel::m_badLossDb),
                            ns3::MakeDoubleChecker<double>(0.0))
              .AddAttribute("MeanGoodTime", "Mean dwell time in the good state (exponential).",
                            ns3::TimeValue(ns3::Seconds(2)),
                            ns3::MakeTimeAccessor(&GilbertElliottLossModel::SetMeanGoodTime,
                                                  &GilbertElliottLossModel::GetMeanGoodTime),
                            ns3::MakeTimeChecker(ns3::NanoSeconds(1)))
              .AddAttribute("MeanBadTime", "Mean dwell time in the bad state (exponential).",
                            ns3::TimeValue(ns3::MilliSeconds(500)),
                            ns3::MakeTimeAccessor(&GilbertElliottLossModel::SetMeanBadTime,
                                                  &GilbertElliottLossModel::GetMeanBadTime),
                            ns3::MakeTimeChecker(ns3::NanoSeconds(1)));
    return tid;
}

GilbertElliottLossModel::GilbertElliottLossModel() = default;

void
GilbertElliottLossModel::SetMeanGoodTime(ns3::Time mean)
{
    m_meanGood = mean;
    m_trajectories.clear(); // generated with the old mean
}

void
GilbertElliottLossModel::SetMeanBadTime(ns3::Time mean)
{
    m_meanBad = mean;
    m_trajectories.clear();
}

ns3::Time
GilbertElliottLossModel::GetMeanGoodTime() const
{
    return m_meanGood;
}

ns3::Time
GilbertElliottLossModel::GetMeanBadTime() const
{
    return m_meanBad;
}

GilbertElliottLossModel::Trajectory&
GilbertElliottLossModel::Start(std::uint64_t pairKey) const
{
    // The seeding run may change between simulations in one process; drop stale trajectories.
    const std::uint64_t runSeed = RunSeed();
    if (runSeed != m_cachedRunSeed)
    {
        m_trajectories.clear();
        m_cachedRunSeed = runSeed;
    }
    auto found = m_trajectories.find(pairKey);
    if (found != m_trajectories.end())
    {
        return found->second;
    }
    Trajectory& trajectory = m_trajectories[pairKey];
    trajectory.engine.seed(PairSeed(pairKey));
    const double good = m_meanGood.GetSeconds();
    const double bad = m_meanBad.GetSeconds();
    trajectory.startsBad = UniformOpen(trajectory.engine()) < bad / (good + bad);
    return trajectory;
}

const GilbertElliottLossModel::Trajectory&
GilbertElliottLossModel::TrajectoryUntil(std::uint64_t pairKey, std::int64_t step) const
{
    Trajectory& trajectory = Start(pairKey);
    auto& switches = trajectory.switchSteps;
    while (switches.empty() || switches.back() <= step)
    {
        const std::int64_t last = switches.empty() ? 0 : switches.back();
        const bool bad = trajectory.startsBad != (switches.size() % 2 == 1);
        const double mean = double((bad ? m_meanBad : m_meanGood).GetTimeStep());
        const double dwell = -mean * std::log(UniformOpen(trajectory.engine()));
        switches.push_back(last + std::int64_t(std::llround(dwell)));
    }
    return trajectory;
}

bool
GilbertElliottLossModel::IsBadForPair(std::uint64_t pairKey, ns3::Time t) const
{
    const std::int64_t step = std::max<std::int64_t>(t.GetTimeStep(), 0);
    const Trajectory& trajectory = TrajectoryUntil(pairKey, step);
    const auto& switches = trajectory.switchSteps;
    // A switch at exactly `step` has already happened.
    const auto passed = std::upper_bound(switches.begin(), switches.end(), step) - switches.begin();
    return trajectory.startsBad != (passed % 2 == 1);
}

double
GilbertElliottLossModel::LossDbForPair(std::uint64_t pairKey, ns3::Time t) const
{
    return IsBadForPair(pairKey, t) ? m_badLossDb : 0.0;
}

std::vector<ns3::Time>
GilbertElliottLossModel::SwitchTimesForPair(std::uint64_t pairKey, ns3::Time until) const
{
    const Trajectory& trajectory = TrajectoryUntil(pairKey, until.GetTimeStep());
    std::vector<ns3::Time> times;
    for (std::int64_t step : trajectory.switchSteps)
    {
        if (step > 0 && step <= until.GetTimeStep())
        {
            times.push_back(ns3::TimeStep(step));
        }
    }
    return times;
}

bool
GilbertElliottLossModel::IsBadAt(ns3::Ptr<const ns3::MobilityModel> a,
                                 ns3::Ptr<const ns3::MobilityModel> b, ns3::Time t) const
{
    return IsBadForPair(PairOf(a, b), t);
}

double
GilbertElliottLossModel::LossDbAt(ns3::Ptr<const ns3::MobilityModel> a,
                                  ns3::Ptr<const ns3::MobilityModel> b, ns3::Time t) const
{
    return LossDbForPair(PairOf(a, b), t);
}

double
GilbertElliottLossModel::GainDbForPair(std::uint64_t pairKey, ns3::Time t) const
{
    return -LossDbForPair(pairKey, t);
}

void
GilbertElliottLossModel::StreamChanged()
{
    m_trajectories.clear(); // generated from the old stream's seeds
}

void
GilbertElliottLossModel::DoDispose()
{
    m_trajectories.clear();
    ns3::PropagationLossModel::DoDispose();
}

} // namespace eesim
