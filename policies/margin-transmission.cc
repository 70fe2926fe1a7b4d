#include "policies/margin-transmission.h"

#include "policies/policy-registry.h"

namespace eesim
{

namespace
{

[[maybe_unused]] const bool kRegistered = PolicyRegistry::AddTransmissionPolicy(
    "margin", "transmit when top-1 minus top-2 probability < threshold, else keep",
    { keys::Number("threshold", 0.5, 0.0, 1.0, "smallest margin that keeps") },
    [](const nlohmann::json& p)
    { return std::make_unique<MarginTransmission>(p.at("threshold").get<double>()); });

} // namespace

} // namespace eesim
