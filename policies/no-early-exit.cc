#include "policies/no-early-exit.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
NoEarlyExit::ShouldExit(const ExitObservation& /*observation*/) const
{
    return false;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddExitPolicy(
    "none", "always run to the final exit", {},
    [](const nlohmann::json& /*parameters*/) { return std::make_unique<NoEarlyExit>(); });

} // namespace

} // namespace eesim
