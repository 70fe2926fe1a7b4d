#ifndef EESIM_CLI_COMMANDS_DATASET_OPTIONS_H
#define EESIM_CLI_COMMANDS_DATASET_OPTIONS_H

#include "nn/dataset.h"
#include "nn/multi-exit-model.h"

#include <boost/program_options.hpp>
#include <string>

namespace eesim
{

/**
 * The data set options of `model eval` and `calibrate`: `--data DIR` (the folder, as before),
 * `--data-format FORMAT`, `--data-layout nchw|nhwc` (npy) and `--validation-images N`. The files
 * in the folder have their format's standard names (see DatasetSource); a scenario's `dataset`
 * keys may name others.
 */
void AddDatasetOptions(boost::program_options::options_description& options, DatasetSource& source);

/** Checks the options' values once parsed; throws eesim::Error("COMMAND: problem"). */
void CheckDatasetOptions(const std::string& command, const DatasetSource& source,
                         const boost::program_options::variables_map& values);

/**
 * Loads a split for `model` (read from `modelPath`), its first `limit` samples when limit > 0,
 * and checks the samples' shape against the model's input (from the headers, before the samples
 * are read) and the labels against its classes: "DIR: FORMAT samples are 3x32x32 but the model
 * MODEL takes 1x28x28".
 */
Dataset LoadDatasetFor(const DatasetSource& source, Split split, const MultiExitModel& model,
                       const std::string& modelPath, int limit);

} // namespace eesim

#endif
