#include "sim/scenario/device-profile.h"

namespace eesim
{

const std::vector<DeviceProfile>&
DeviceProfiles()
{
    // Effective GFLOP/s are assumptions for batch-1 inference of small convolutions: a fraction
    // of the vendor's peak (stated below), except edge-server, which is measured here.
    // Batch costs: eesim's numerics on a CPU core gain almost nothing from batching (measured
    // for edge-server below), so the CPU profiles cost B times one sample; a GPU's batch-1 pass
    // leaves most of its cores idle.
    const std::string cpu = "a CPU: B times one sample, as measured for edge-server's CPU core";
    static const std::vector<DeviceProfile> profiles = {
        { "generic", 1.0, 0.0, 0.0,
          "placeholder: 1 GFLOP/s and no power figures; set capacity_gflops and the powers",
          BatchCostCurve(), "no gain: B times one sample" },
        { "microcontroller", 0.3, 0.05, 0.25,
          "Cortex-M7-class MCU at 480 MHz with a single-precision FPU (peak ~1 GFLOP/s with "
          "fused multiply-add); 30 % efficiency and the powers are our assumptions",
          BatchCostCurve(), "one core without parallel units to fill: B times one sample" },
        { "raspberry-pi-4", 6.0, 2.7, 6.4,
          "4x Cortex-A72 at 1.5 GHz with 128-bit NEON (peak 48 GFLOP/s); 12.5 % efficiency is "
          "our assumption; 2.7 W idle and 6.4 W under full CPU load are commonly reported board "
          "measurements",
          BatchCostCurve(), cpu },
        { "jetson-nano", 20.0, 1.5, 7.5,
          "128-core Maxwell GPU at 921 MHz (peak 236 GFLOP/s fp32); batch-1 efficiency of "
          "~8.5 % and the powers (within its 5 W / 10 W modes) are our assumptions",
          BatchCostCurve::Affine(0.8),
          "a GPU mostly idle at batch 1: 0.8 + 0.2 B, our assumption" },
        { "smartphone", 15.0, 0.5, 3.5,
          "recent phone SoC big cores with NEON (peak of the order of 100 GFLOP/s); the "
          "efficiency and powers are our assumptions",
          BatchCostCurve(), cpu },
        { "edge-server", 35.0, 100.0, 200.0,
          "35 GFLOP/s is this project's measured batch-1 rate of the shipped model on one Xeon "
          "core with AVX-512 (bench/nn_bench); 100 W idle / 200 W busy are our assumptions for "
          "a 1U server",
          BatchCostCurve::FromPoints(
              { { 1, 1.0 }, { 2, 2.33 }, { 4, 4.18 }, { 8, 7.60 }, { 16, 14.71 }, { 32, 30.31 } }),
          "measured: segments 1-3 of fmnist-me4 batched on the same core (bench/nn_bench "
          "server_segments), interpolated between B = 1, 2, 4, 8, 16, 32" },
    };
    return profiles;
}

const DeviceProfile*
FindDeviceProfile(const std::string& name)
{
    for (const auto& profile : DeviceProfiles())
    {
        if (profile.name == name)
        {
            return &profile;
        }
    }
    return nullptr;
}

std::vector<std::string>
DeviceProfileNames()
{
    std::vector<std::string> names;
    for (const auto& profile : DeviceProfiles())
    {
        names.push_back(profile.name);
    }
    return names;
}

} // namespace eesim
