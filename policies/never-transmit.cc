#include "policies/never-transmit.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
NeverTransmit::ShouldTransmit(const TransmissionObservation& /*observation*/) const
{
    return false;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddTransmissionPolicy(
    "never-transmit", "always answer with the exit before the link", {},
    [](const nlohmann::json& /*parameters*/) { return std::make_unique<NeverTransmit>(); });

} // namespace

} // namespace eesim
