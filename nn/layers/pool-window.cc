#include "nn/layers/pool-window.h"

#include "base/error.h"

#include <algorithm>
#include <cstdint>

namespace eesim
{

namespace
{

/** One output side, in 64 bits: a hostile kernel or stride must not overflow int. */
std::int64_t
PooledSize(std::int64_t size, const PoolWindow& window)
{
    const std::int64_t span = size + 2 * std::int64_t(window.padding) - window.kernel;
    if (!window.ceilMode)
    {
        return span / window.stride + 1;
    }
    std::int64_t out = (span + window.stride - 1) / window.stride + 1;
    // PyTorch and ONNX drop a last window that would start in the right padding.
    if ((out - 1) * window.stride >= size + window.padding)
    {
        --out;
    }
    return out;
}

} // namespace

PoolWindow
PoolWindow::FromSpec(const LayerSpec& spec)
{
    PoolWindow window;
    window.kernel = spec.GetInt("kernel", 1);
    window.stride = spec.GetIntOr("stride", window.kernel, 1);
    window.padding = spec.GetIntOr("padding", 0, 0);
    window.ceilMode = GetFlag(spec, "ceil_mode");
    window.Check(spec.type);
    return window;
}

void
PoolWindow::Check(const std::string& type) const
{
    // The cap (the README's for integer attributes) keeps kernel² well within 64 bits.
    if (kernel < 1 || kernel > LayerSpec::kMaxInteger || stride < 1 || padding < 0)
    {
        throw Error(type + ": kernel must be from 1 to " + std::to_string(LayerSpec::kMaxInteger)
                    + ", stride >= 1 and padding >= 0");
    }
    // Beyond half the kernel a window could hold padding only, with no value to pool.
    if (padding > kernel / 2)
    {
        throw Error(type + ": padding " + std::to_string(padding) + " is more than half the kernel "
                    + std::to_string(kernel) + " (as PyTorch, padding is at most kernel / 2)");
    }
}

void
PoolWindow::AddTo(LayerSpec& spec) const
{
    spec.Set("kernel", kernel);
    spec.Set("stride", stride);
    if (padding != 0)
    {
        spec.Set("padding", padding);
    }
    if (ceilMode)
    {
        spec.Set("ceil_mode", 1);
    }
}

SampleShape
PoolWindow::OutputShape(const std::string& type, SampleShape input) const
{
    const std::int64_t padded = 2 * std::int64_t(padding);
    if (input.height + padded < kernel || input.width + padded < kernel)
    {
        throw Error(type + " with kernel " + std::to_string(kernel) + " and padding "
                    + std::to_string(padding) + " got input " + input.ToString()
                    + " (smaller than the kernel, padding included)");
    }
    return { input.channels, int(PooledSize(input.height, *this)),
             int(PooledSize(input.width, *this)) };
}

PoolWindow::Range
PoolWindow::At(int o, int size) const
{
    const int start = o * stride - padding;
    // A ceil_mode window may run past the right padding; those positions count for nothing.
    const int paddedEnd = std::min(start + kernel, size + padding);
    return { std::max(start, 0), std::min(paddedEnd, size), paddedEnd - start };
}

std::vector<PoolWindow::Range>
PoolWindow::Along(int size) const
{
    const int outputs = int(PooledSize(size, *this));
    std::vector<Range> ranges(outputs);
    for (int o = 0; o < outputs; ++o)
    {
        ranges[o] = At(o, size);
    }
    return ranges;
}

bool
GetFlag(const LayerSpec& spec, const std::string& key)
{
    const int value = spec.GetIntOr(key, 0, 0);
    if (value > 1)
    {
        throw Error("layer '" + spec.type + "': attribute '" + key + "' must be 0 or 1, got "
                    + spec.ToString());
    }
    return value == 1;
}

} // namespace eesim
