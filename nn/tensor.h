#ifndef EESIM_NN_TENSOR_H
#define EESIM_NN_TENSOR_H

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Float storage aligned for the widest SIMD Eigen uses. Eigen peels unaligned heads off its
 * vectorised loops, so the same data at another address can be summed in another order: with
 * every buffer aligned the same way, results are bit-identical from run to run and thread to
 * thread.
 */
using AlignedFloats = std::vector<float, Eigen::aligned_allocator<float>>;

/** The shape of one sample: channels x height x width. Flat features are (features, 1, 1). */
struct SampleShape
{
    int channels = 0;
    int height = 1;
    int width = 1;

    std::size_t Count() const { return std::size_t(channels) * height * width; }
    bool operator==(const SampleShape& o) const
    {
        return channels == o.channels && height == o.height && width == o.width;
    }
    bool operator!=(const SampleShape& o) const { return !(*this == o); }
    std::string ToString() const;
};

/**
 * A batch of samples in NCHW order, float32, contiguous. Deliberately plain: layers map it onto
 * Eigen matrices where they need linear algebra.
 */
class Tensor
{
  public:
    Tensor() = default;
    Tensor(int batch, SampleShape shape, float fill = 0.0F);

    int Batch() const { return m_batch; }
    const SampleShape& Shape() const { return m_shape; }
    std::size_t Size() const { return m_data.size(); }
    std::size_t SampleSize() const { return m_shape.Count(); }

    float* Data() { return m_data.data(); }
    const float* Data() const { return m_data.data(); }
    float* Sample(int n) { return m_data.data() + std::size_t(n) * SampleSize(); }
    const float* Sample(int n) const { return m_data.data() + std::size_t(n) * SampleSize(); }
    float& operator[](std::size_t i) { return m_data[i]; }
    float operator[](std::size_t i) const { return m_data[i]; }
    float& At(int n, int c, int h, int w)
    {
        return m_data[((std::size_t(n) * m_shape.channels + c) * m_shape.height + h) * m_shape.width
                      + w];
    }
    float At(int n, int c, int h, int w) const { return const_cast<Tensor*>(this)->At(n, c, h, w); }

    /** Sample `n` alone, as a batch of one. */
    Tensor SampleCopy(int n) const;
    /** The samples of `parts` (of one per-sample shape) in order, as one batch. */
    static Tensor Concatenate(const std::vector<Tensor>& parts);

    /** Reinterpret the same data with another per-sample shape of equal size. */
    void Reshape(SampleShape shape);
    void Fill(float value);
    /** Element-wise this += other (same shape). */
    void Add(const Tensor& other);

  private:
    int m_batch = 0;
    SampleShape m_shape;
    AlignedFloats m_data;
};

} // namespace eesim

#endif
