#include "policies/always-transmit.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
AlwaysTransmit::ShouldTransmit(const TransmissionObservation& /*observation*/) const
{
    return true;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddTransmissionPolicy(
    "always-transmit", "always send the features to the next node", {},
    [](const nlohmann::json& /*parameters*/) { return std::make_unique<AlwaysTransmit>(); });

} // namespace

} // namespace eesim
