#ifndef EESIM_NN_DATASET_FORMATS_H
#define EESIM_NN_DATASET_FORMATS_H

#include "nn/dataset-source.h"
#include "nn/dataset.h"

#include <cstdint>
#include <optional>
#include <string>

namespace eesim
{

/** What the headers of a data set's part say, read without its samples. */
struct DatasetHeader
{
    SampleShape shape;
    std::uint64_t samples = 0;
};

/**
 * Every sample of the training part (validation included) or of the test part, by the source's
 * format (see DatasetSource). Throws eesim::Error naming the folder or the file: a folder or file
 * that is missing, a bad magic, a truncated file, images and labels of different counts, an
 * unsupported dtype or order, a label out of range.
 */
Dataset LoadDatasetPart(const DatasetSource& source, bool training);

/**
 * The sample shape and count of a part from its files' headers (and sizes) alone, with the same
 * checks as far as the headers go: cheap enough for `eesim validate`. Empty when the folder or a
 * file is not there at all (loading the data set then says so).
 */
std::optional<DatasetHeader> ReadDatasetHeader(const DatasetSource& source, bool training);

/** Where the validation split starts in a training part of `samples`; throws eesim::Error when
 *  the part holds no more than the validation split. */
int ValidationStart(const DatasetSource& source, std::uint64_t samples);

} // namespace eesim

#endif
