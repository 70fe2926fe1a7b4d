#include "sim/run/run-policies.h"

#include "policies/policy-registry.h"
#include "sim/scenario/scenario-links.h"

namespace eesim
{

RunPolicies::RunPolicies(const Scenario& scenario)
    : m_scenario(scenario)
    , m_exitPolicy(PolicyRegistry::MakeExitPolicy(scenario.exitPolicy, scenario.exitParameters))
{
    if (!scenario.calibrationPath.empty())
    {
        m_calibration = std::make_unique<Calibration>(LoadScenarioCalibration(scenario));
    }
}

const TransmissionPolicy&
RunPolicies::TransmissionFor(int from, int to)
{
    const std::string mode = ChannelModeName(m_scenario, from, to);
    auto& policy = m_transmissionPolicies[mode];
    if (!policy)
    {
        policy = PolicyRegistry::MakeTransmissionPolicy(m_scenario.transmissionPolicy,
                                                        m_scenario.transmissionParameters,
                                                        { m_calibration.get(), mode });
    }
    return *policy;
}

} // namespace eesim
