#ifndef EESIM_NN_LAYERS_POOL_WINDOW_H
#define EESIM_NN_LAYERS_POOL_WINDOW_H

#include "nn/layer-spec.h"
#include "nn/tensor.h"

#include <string>
#include <vector>

namespace eesim
{

/**
 * The square windows of max_pool and avg_pool: kernel, stride, symmetric padding and the
 * rounding of the output size, with PyTorch's and ONNX's rules. An output side is
 * floor((n + 2 padding - kernel) / stride) + 1, or with ceil_mode the ceiling, less one when
 * the last window would start in the right padding -- so every window holds at least one input
 * element (padding is at most half the kernel, as in PyTorch).
 */
struct PoolWindow
{
    /** One window along one side: [begin, end) in input coordinates, clipped to the input, and
     *  how many positions it covers of the padded input (what count_include_pad divides by). */
    struct Range
    {
        int begin = 0;
        int end = 0;
        int padded = 0;
    };

    int kernel = 1;
    int stride = 1;
    int padding = 0;
    bool ceilMode = false;

    /** kernel, stride (default: the kernel), padding (0) and ceil_mode (0) of a spec; throws
     *  eesim::Error for values out of range. */
    static PoolWindow FromSpec(const LayerSpec& spec);
    /** Throws eesim::Error, naming the layer type, when the geometry cannot pool. */
    void Check(const std::string& type) const;
    /** Writes kernel and stride, and padding and ceil_mode only when not their defaults, so
     *  the lines of files written before they existed stay as they were. */
    void AddTo(LayerSpec& spec) const;
    /** The pooled shape; throws eesim::Error when the padded input is smaller than a window. */
    SampleShape OutputShape(const std::string& type, SampleShape input) const;
    /** The window of output position `o` along a side of `size` input elements. */
    Range At(int o, int size) const;
    /** The windows of every output position along a side of `size` input elements (found
     *  once per pass rather than once per window and channel). */
    std::vector<Range> Along(int size) const;
};

/** A 0/1 attribute (absent: 0); throws eesim::Error for any other value. */
bool GetFlag(const LayerSpec& spec, const std::string& key);

} // namespace eesim

#endif
