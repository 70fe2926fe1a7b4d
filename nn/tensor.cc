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
