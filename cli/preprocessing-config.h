#ifndef EESIM_CLI_PREPROCESSING_CONFIG_H
#define EESIM_CLI_PREPROCESSING_CONFIG_H

#include "base/json-reader.h"
#include "nn/input-preprocessing.h"

namespace eesim
{

/**
 * A config's `preprocess` object (a training config's, an import config's): `divisor`, `mean`
 * and `std` (one value per input channel) and `order` (rgb or bgr) -- what the model file's
 * `preprocess` line will say. `channels` <= 0 leaves the per-channel counts to be checked
 * later, once the input is known (InputPreprocessing::Problem).
 */
InputPreprocessing ReadPreprocessing(JsonReader& reader, int channels);

} // namespace eesim

#endif
