#ifndef EESIM_SIM_SCENARIO_DEVICE_PROFILE_H
#define EESIM_SIM_SCENARIO_DEVICE_PROFILE_H

#include "sim/compute/batch-cost-curve.h"

#include <string>
#include <vector>

namespace eesim
{

/**
 * A class of hardware a node can be: its effective compute for this kind of workload (small
 * CNN layers at batch 1, not the vendor's peak), its power when idle and when computing, and
 * what a batch of B requests costs it (nodes[].batching). A scenario names a profile and may
 * override any figure.
 */
struct DeviceProfile
{
    std::string name;
    double gflops;
    double idleWatts;
    double busyWatts;
    std::string source; // where the figures come from
    BatchCostCurve batchCost;
    std::string batchSource; // where the batch costs come from
};

/** The built-in profiles, documented in the README. */
const std::vector<DeviceProfile>& DeviceProfiles();
/** The profile of that name, or null. */
const DeviceProfile* FindDeviceProfile(const std::string& name);
std::vector<std::string> DeviceProfileNames();

} // namespace eesim

#endif
