#ifndef EESIM_TESTS_POLICIES_POLICY_TEST_SUPPORT_H
#define EESIM_TESTS_POLICIES_POLICY_TEST_SUPPORT_H

#include "policies/calibration.h"
#include "policies/observations.h"
#include "policies/policy-registry.h"

#include <cmath>
#include <string>
#include <vector>

namespace eesim::test
{

/** What an exit policy sees at exit `exit` of 4, with the earlier exits' distributions. */
inline ExitObservation
AtExit(int exit, std::vector<double> probabilities, std::vector<std::vector<double>> history = {})
{
    ExitObservation o;
    o.exitIndex = exit;
    o.exitCount = 4;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    o.history = std::move(history);
    return o;
}

/** What a transmission policy sees before the link; NaN: no SNR estimate. */
inline TransmissionObservation
BeforeLink(std::vector<double> probabilities, double snrDb = std::nan(""))
{
    TransmissionObservation o;
    o.statistics = ExitStatistics::FromProbabilities(probabilities);
    o.probabilities = std::move(probabilities);
    o.snrDb = snrDb;
    return o;
}

/** Early exit right 30 % below top-1 0.5, 60 % up to 0.9, 95 % above. Over the analog link the
 *  server is right 20 % below 0 dB, 70 % up to 10 dB, 90 % above; over digital int8, 88 %. */
/** A calibrated TD policy made from the registry for one channel mode of `calibration`. */
inline std::unique_ptr<TransmissionPolicy>
MakeCalibrated(const std::string& name, const nlohmann::json& params,
               const Calibration& calibration, const std::string& mode)
{
    return PolicyRegistry::MakeTransmissionPolicy(name, params, { &calibration, mode });
}

inline Calibration
CraftedCalibration()
{
    Calibration c;
    c.modelName = "fmnist-me4";
    c.modelChecksum = "1234abcd";
    c.earlyExit = CalibrationTable({ 0, 0.5, 0.9, 1 }, { 0.3, 0.6, 0.95 }, { 10, 10, 10 });
    c.serverTables["analog"] = CalibrationTable({ -5, 0, 10, 25 }, { 0.2, 0.7, 0.9 }, { 1, 1, 1 });
    c.serverTables["digital-int8"] = CalibrationTable({ -100, 100 }, { 0.88 }, { 30 });
    // s = 4 - 8 x top-1 + 2.5 x (snr - 10) / 5 = 4 - 8 x top-1 + 0.5 x (snr - 10)
    c.learnedModels["analog"]
        = LogisticModel({ 0, 0, 0, 10 }, { 1, 1, 1, 5 }, { -8, 0, 0, 2.5 }, 4);
    return c;
}

} // namespace eesim::test

#endif
