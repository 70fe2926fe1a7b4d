#include "nn/dataset.h"

#include "base/error.h"
#include "nn/dataset-formats.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace eesim
{

Split
ParseSplit(const std::string& name)
{
    if (name == "train")
    {
        return Split::kTrain;
    }
    if (name == "val")
    {
        return Split::kValidation;
    }
    if (name == "test")
    {
        return Split::kTest;
    }
    throw Error("unknown split '" + name + "' (expected train, val or test)");
}

std::string
SplitName(Split split)
{
    switch (split)
    {
    case Split::kTrain:
        return "train";
    case Split::kValidation:
        return "val";
    default:
        return "test";
    }
}

Dataset::Dataset(SampleShape shape, std::vector<std::uint8_t> bytes,
                 std::vector<std::int32_t> labels)
    : m_shape(shape)
    , m_bytes(std::move(bytes))
    , m_labels(std::move(labels))
{
    if (m_bytes.size() != m_labels.size() * m_shape.Count())
    {
        throw std::logic_error("Dataset: samples and labels disagree");
    }
}

Dataset::Dataset(SampleShape shape, std::vector<float> values, std::vector<std::int32_t> labels)
    : m_shape(shape)
    , m_holdsFloats(true)
    , m_values(std::move(values))
    , m_labels(std::move(labels))
{
    if (m_values.size() != m_labels.size() * m_shape.Count())
    {
        throw std::logic_error("Dataset: samples and labels disagree");
    }
}

Dataset
Dataset::Load(const DatasetSource& source, Split split)
{
    Dataset part = LoadDatasetPart(source, split != Split::kTest);
    if (split == Split::kTest)
    {
        return part;
    }
    const int validation = ValidationStart(source, std::uint64_t(part.Size()));
    return split == Split::kTrain ? part.Head(validation)
                                  : part.Slice(validation, part.Size() - validation);
}

Dataset
Dataset::Load(const std::string& directory, Split split)
{
    DatasetSource source;
    source.dir = directory;
    return Load(source, split);
}

Tensor
Dataset::Images(const int* indices, int count, const InputPreprocessing& preprocessing) const
{
    Tensor batch(count, m_shape);
    const std::size_t values = m_shape.Count();
    for (int n = 0; n < count; ++n)
    {
        const std::size_t at = std::size_t(indices[n]) * values;
        if (m_holdsFloats)
        {
            preprocessing.Apply(m_values.data() + at, m_shape, batch.Sample(n));
        }
        else
        {
            preprocessing.Apply(m_bytes.data() + at, m_shape, batch.Sample(n));
        }
    }
    return batch;
}

Tensor
Dataset::Images(int first, int count, const InputPreprocessing& preprocessing) const
{
    std::vector<int> indices(count);
    std::iota(indices.begin(), indices.end(), first);
    return Images(indices.data(), count, preprocessing);
}

Dataset
Dataset::Head(int count) const
{
    return count >= Size() ? *this : Slice(0, count);
}

Dataset
Dataset::Slice(int first, int count) const
{
    const std::size_t values = m_shape.Count();
    const auto from = std::ptrdiff_t(std::size_t(first) * values);
    const auto to = std::ptrdiff_t(std::size_t(first + count) * values);
    std::vector<std::int32_t> labels(m_labels.begin() + first, m_labels.begin() + first + count);
    if (m_holdsFloats)
    {
        return Dataset(m_shape, std::vector<float>(m_values.begin() + from, m_values.begin() + to),
                       std::move(labels));
    }
    return Dataset(m_shape, std::vector<std::uint8_t>(m_bytes.begin() + from, m_bytes.begin() + to),
                   std::move(labels));
}

std::string
ShapeMismatch(const std::string& format, const SampleShape& samples, const SampleShape& input,
              const std::string& model)
{
    std::string text = format + " samples are " + samples.ToString() + " but the model " + model
                       + " takes " + input.ToString();
    if (format == "npy" && samples.Count() == input.Count())
    {
        text += " (is the layout right? nchw reads images as [N, C, H, W], nhwc as [N, H, W, C])";
    }
    return text;
}

std::string
Dataset::MismatchWith(const std::string& format, const SampleShape& input, int classes,
                      const std::string& model) const
{
    if (m_shape != input)
    {
        return ShapeMismatch(format, m_shape, input, model);
    }
    const auto largest = std::max_element(m_labels.begin(), m_labels.end());
    if (largest != m_labels.end() && *largest >= classes)
    {
        return "sample " + std::to_string(largest - m_labels.begin()) + " has label "
               + std::to_string(*largest) + " but the model " + model + " has "
               + std::to_string(classes) + " classes (0 to " + std::to_string(classes - 1) + ")";
    }
    return "";
}

} // namespace eesim
