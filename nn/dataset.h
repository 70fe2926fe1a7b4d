#ifndef EESIM_NN_DATASET_H
#define EESIM_NN_DATASET_H

#include "nn/tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

/** Which part of Fashion-MNIST: the last 5,000 training images are held out for validation. */
enum class Split
{
    kTrain,      // training images 0 .. 54,999
    kValidation, // training images 55,000 .. 59,999 (calibration of policies)
    kTest        // the 10,000 test images
};

/** Parses "train", "val" or "test"; throws eesim::Error otherwise. */
Split ParseSplit(const std::string& name);
std::string SplitName(Split split);

/** Labelled grey images kept as bytes; batches are converted to float in [0, 1]. */
class Dataset
{
  public:
    static constexpr int kValidationSize = 5000;

    Dataset(int rows, int cols, std::vector<std::uint8_t> pixels, std::vector<std::uint8_t> labels);

    /** Loads a split from a folder holding the four standard (optionally gzipped) IDX files.
     *  Throws eesim::Error naming the file for a missing or malformed file. */
    static Dataset Load(const std::string& directory, Split split);

    int Size() const { return int(m_labels.size()); }
    SampleShape Shape() const { return { 1, m_rows, m_cols }; }
    int Label(int i) const { return m_labels[i]; }
    /** Pixel / 255 of the given samples, as a batch. */
    Tensor Images(const int* indices, int count) const;
    /** Samples [first, first + count). */
    Tensor Images(int first, int count) const;
    /** The first `count` samples only (count >= Size() keeps all). */
    Dataset Head(int count) const;

  private:
    int m_rows;
    int m_cols;
    std::vector<std::uint8_t> m_pixels;
    std::vector<std::uint8_t> m_labels;
};

} // namespace eesim

#endif
