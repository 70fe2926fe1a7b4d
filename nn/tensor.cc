#include "nn/tensor.h"

#include <algorithm>
#include <stdexcept>

namespace eesim
{

std::string
SampleShape::ToString() const
{
    return std::to_string(channels) + "x" + std::to_string(height) + "x" + std::to_string(width);
}

Tensor::Tensor(int batch, SampleShape shape, float fill)
    : m_batch(batch)
    , m_shape(shape)
    , m_data(std::size_t(batch) * shape.Count(), fill)
{
}

Tensor
Tensor::SampleCopy(int n) const
{
    if (n < 0 || n >= m_batch)
    {
        throw std::out_of_range("Tensor::SampleCopy: sample " + std::to_string(n)
                                + " of a batch of " + std::to_string(m_batch));
    }
    Tensor one(1, m_shape);
    std::copy(Sample(n), Sample(n) + SampleSize(), one.Data());
    return one;
}

Tensor
Tensor::Concatenate(const std::vector<Tensor>& parts)
{
    if (parts.empty())
    {
        return Tensor();
    }
    int batch = 0;
    for (const Tensor& part : parts)
    {
        if (part.Shape() != parts.front().Shape())
        {
            throw std::logic_error("Tensor::Concatenate: " + part.Shape().ToString() + " among "
                                   + parts.front().Shape().ToString());
        }
        batch += part.Batch();
    }
    Tensor all(batch, parts.front().Shape());
    float* out = all.Data();
    for (const Tensor& part : parts)
    {
        out = std::copy(part.Data(), part.Data() + part.Size(), out);
    }
    return all;
}

void
Tensor::Reshape(SampleShape shape)
{
    if (shape.Count() != m_shape.Count())
    {
        throw std::logic_error("Tensor::Reshape: " + m_shape.ToString() + " -> " + shape.ToString()
                               + " changes the size");
    }
    m_shape = shape;
}

void
Tensor::Fill(float value)
{
    std::fill(m_data.begin(), m_data.end(), value);
}

void
Tensor::Add(const Tensor& other)
{
    if (other.m_batch != m_batch || other.m_shape != m_shape)
    {
        throw std::logic_error("Tensor::Add: shape mismatch");
    }
    for (std::size_t i = 0; i < m_data.size(); ++i)
    {
        m_data[i] += other.m_data[i];
    }
}

} // namespace eesim
