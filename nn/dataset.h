#ifndef EESIM_NN_DATASET_H
#define EESIM_NN_DATASET_H

#include "nn/dataset-source.h"
#include "nn/input-preprocessing.h"
#include "nn/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/** Which part of a data set: the last DatasetSource::validationImages (5,000) samples of the
 *  training part are held out for validation. */
enum class Split
{
    kTrain,      // the training part but its last validation images (Fashion-MNIST: 0 .. 54,999)
    kValidation, // the training part's last images (Fashion-MNIST: 55,000 .. 59,999; calibration)
    kTest        // the test part (Fashion-MNIST: 10,000 images)
};

/** Parses "train", "val" or "test"; throws eesim::Error otherwise. */
Split ParseSplit(const std::string& name);
std::string SplitName(Split split);

/**
 * Labelled samples of C x H x W values, kept as the data set stores them: bytes or float32, in
 * the data set's channel order. Batches become model input through the model's preprocessing.
 */
class Dataset
{
  public:
    static constexpr int kValidationSize = 5000;
    /** Labels are class indices below this. */
    static constexpr int kMaxClasses = 100000;
    /** The most samples a data set's part may hold (an int counts them). */
    static constexpr int kMaxSamples = 2147483647;

    /** Samples as bytes (or float32 values), `shape.Count()` each; one label per sample. */
    Dataset(SampleShape shape, std::vector<std::uint8_t> bytes, std::vector<std::int32_t> labels);
    Dataset(SampleShape shape, std::vector<float> values, std::vector<std::int32_t> labels);

    /** Loads a split of a data set. Throws eesim::Error naming the file for a missing or
     *  malformed one. */
    static Dataset Load(const DatasetSource& source, Split split);
    /** Fashion-MNIST from a folder holding its four standard (optionally gzipped) IDX files. */
    static Dataset Load(const std::string& directory, Split split);

    int Size() const { return int(m_labels.size()); }
    SampleShape Shape() const { return m_shape; }
    int Label(int i) const { return m_labels[std::size_t(i)]; }
    bool HoldsFloats() const { return m_holdsFloats; }
    /** The given samples as a batch of model input: each through `preprocessing`. */
    Tensor Images(const int* indices, int count, const InputPreprocessing& preprocessing) const;
    /** Samples [first, first + count). */
    Tensor Images(int first, int count, const InputPreprocessing& preprocessing) const;
    /** The first `count` samples only (count >= Size() keeps all). */
    Dataset Head(int count) const;
    /** Samples [first, first + count). */
    Dataset Slice(int first, int count) const;

    /** "" when the samples fit a model of this input and these classes, else the problem:
     *  "cifar10 samples are 3x32x32 but the model M takes 1x28x28", or a label beyond the
     *  model's classes. `format` and `model` name the two sides. */
    std::string MismatchWith(const std::string& format, const SampleShape& input, int classes,
                             const std::string& model) const;

  private:
    SampleShape m_shape;
    bool m_holdsFloats = false;
    std::vector<std::uint8_t> m_bytes;
    std::vector<float> m_values;
    std::vector<std::int32_t> m_labels;
};

/** The message of a data set whose samples do not have the model's input shape. */
std::string ShapeMismatch(const std::string& format, const SampleShape& samples,
                          const SampleShape& input, const std::string& model);

} // namespace eesim

#endif
