#ifndef EESIM_NN_INPUT_PREPROCESSING_H
#define EESIM_NN_INPUT_PREPROCESSING_H

#include "nn/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/**
 * How a model turns one raw sample of its data set into its input, kept in the model file so that
 * every user of the model (trainer, evaluation, calibrator, the simulator's request sources)
 * feeds it what it was trained on. Model channel c of the input is
 *
 *     x = (raw / divisor - mean[c]) / std[c]
 *
 * computed in float32, where raw is the data set's channel c, or channel C - 1 - c with `bgr`.
 * The default (divisor 255, no mean, no std, RGB order) gives exactly float(byte) / 255.0F, the
 * conversion of every model written before preprocessing was stored.
 */
struct InputPreprocessing
{
    double divisor = 255;
    /** One value per model channel (in the model's order, after any reversal); empty: 0 and 1
     *  for every channel. */
    std::vector<float> mean, std;
    /** Reverse the data set's RGB channel order (a model trained on BGR input). */
    bool bgr = false;

    bool IsDefault() const;
    /** The model header's line without its keyword: `divisor=255 mean=0.49,0.48,0.45
     *  std=0.25,0.24,0.26 order=bgr`; each number written so that it reads back exactly. */
    std::string ToText() const;
    /** Inverse of ToText (order=rgb is accepted too); throws eesim::Error naming the problem. */
    static InputPreprocessing FromText(const std::string& text);
    /** "" when this fits a model input of `channels` channels, else the problem. */
    std::string Problem(int channels) const;

    /** One raw sample (C x H x W, the data set's channel order) to the model's input. */
    void Apply(const std::uint8_t* raw, const SampleShape& shape, float* out) const;
    void Apply(const float* raw, const SampleShape& shape, float* out) const;
};

bool operator==(const InputPreprocessing& a, const InputPreprocessing& b);

} // namespace eesim

#endif
