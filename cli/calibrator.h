#ifndef EESIM_CLI_CALIBRATOR_H
#define EESIM_CLI_CALIBRATOR_H

#include "channel/feature-codec.h"
#include "nn/dataset.h"
#include "nn/multi-exit-model.h"
#include "policies/calibration.h"
#include "policies/exit-statistics.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace eesim
{

/** Settings of `eesim calibrate`; every field has the default the command uses. */
struct CalibrationOptions
{
    /** The device runs segments 0..split; -1 = after the model's first bottleneck (or 0). */
    int split = -1;
    /** The analog server table's SNR grid (dB), one bin per grid point. */
    double snrMinDb = -5.0;
    double snrMaxDb = 25.0;
    double snrStepDb = 1.0;
    /** Bins of the early exit's top-1 probability over [0, 1]. */
    int confidenceBins = 20;
    /** Seeds the channel noise and the SNR draws of digital modes' learned-TD samples. */
    std::uint64_t seed = 1;
    int threads = 0;
};

/**
 * Measures, on a labelled split (the validation split), what the calibrated transmission
 * decisions read: the early exit's accuracy by top-1 probability, the server's (final exit's)
 * accuracy for each channel mode -- digital-float32/float16/int8 (the encoding's rounding of
 * what crosses the link) and, for a model with a bottleneck at the split, analog at each SNR of
 * the grid (Gaussian noise on the power-normalised symbols) -- and the learned TD's logistic
 * model per mode, fitted on the samples where the early and server answers differ. Tables are
 * made non-decreasing by isotonic regression.
 */
class Calibrator
{
  public:
    Calibrator(MultiExitModel& model, const Dataset& data, CalibrationOptions options);

    /** Measures every table; `modelChecksum` (with the model's name) identifies the model. */
    Calibration Run(const std::string& modelChecksum);

    /** The split the options resolve to for this model. */
    int Split() const { return m_split; }

  private:
    /** Per sample: did the server answer right, given what the link does to the symbols. */
    using LinkEffect = std::function<void(int sample, Tensor& symbols)>;
    std::vector<bool> ServerCorrect(const LinkEffect& link);
    std::vector<double> SnrGrid() const;
    void AddDigitalMode(Calibration& calibration, FeatureEncoding encoding);
    void AddAnalogMode(Calibration& calibration);
    /** Fits the learned TD on (statistics, SNR) rows whose early and server answers differ. */
    static LogisticModel FitLearned(const std::vector<ExitStatistics>& statistics,
                                    const std::vector<double>& snrs,
                                    const std::vector<bool>& earlyCorrect,
                                    const std::vector<bool>& serverCorrect);

    MultiExitModel& m_model;
    const Dataset& m_data;
    CalibrationOptions m_options;
    int m_split = 0;
    Tensor m_features;                        // output of the split segment, every sample
    std::vector<ExitStatistics> m_statistics; // of the early exit, per sample
    std::vector<bool> m_earlyCorrect;
};

} // namespace eesim

#endif
