#include "policies/oracle-transmission.h"

#include "policies/policy-registry.h"

namespace eesim
{

bool
OracleTransmission::ShouldTransmit(const TransmissionObservation& o) const
{
    return o.serverCorrect && !o.earlyCorrect;
}

bool
OracleTransmission::NeedsOutcomes() const
{
    return true;
}

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddTransmissionPolicy(
    "oracle",
    "knows both outcomes: transmit exactly when the server is right and the early exit wrong, "
    "the upper bound on accuracy at the least communication (the simulator computes the "
    "server's answer for every request)",
    {},
    [](const nlohmann::json& /*parameters*/) { return std::make_unique<OracleTransmission>(); });

} // namespace

} // namespace eesim
