#include "policies/patience-exit.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
PatienceExit::ShouldExit(const ExitObservation& o) const
{
    if (int(o.history.size()) + 1 < m_patience)
    {
        return false;
    }
    for (int back = 1; back < m_patience; ++back)
    {
        const auto& earlier = o.history[o.history.size() - std::size_t(back)];
        if (ExitStatistics::FromProbabilities(earlier).prediction != o.statistics.prediction)
        {
            return false;
        }
    }
    return true;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddExitPolicy(
    "patience", "exit when the last `patience` exits (this one included) predict the same class",
    { keys::Integer("patience", 2, 1, 64, "exits that must agree") },
    [](const nlohmann::json& p)
    { return std::make_unique<PatienceExit>(p.at("patience").get<int>()); });

} // namespace

} // namespace eesim
