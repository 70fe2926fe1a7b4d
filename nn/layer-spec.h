#ifndef EESIM_NN_LAYER_SPEC_H
#define EESIM_NN_LAYER_SPEC_H

#include <string>
#include <utility>
#include <vector>

namespace eesim
{

/**
 * What a layer is, without its weights: a type name and numeric attributes, e.g.
 * `conv2d in_channels=1 out_channels=16 kernel=3 stride=1 padding=1`. The model file stores its
 * architecture as these lines, so a file describes itself.
 */
struct LayerSpec
{
    /** Largest integer attribute: keeps shape arithmetic far from int overflow. */
    static constexpr int kMaxInteger = 1000000;

    std::string type;
    std::vector<std::pair<std::string, double>> attributes;
    /**
     * Where the layer's inputs come from, by position in its list (a layer list is a small
     * graph): -1 is the list's input, i >= 0 the output of layer i, which must come earlier.
     * Empty means the previous layer's output (the list's input for the first layer): a straight
     * line, as every list was before residual networks. Written last, as `inputs=-1,3`.
     */
    std::vector<int> inputs = {};

    bool Has(const std::string& key) const;
    /** The attribute's value; throws eesim::Error naming the layer when it is missing. */
    double Get(const std::string& key) const;
    /** An integer attribute >= minimum; throws eesim::Error otherwise. */
    int GetInt(const std::string& key, int minimum) const;
    double GetOr(const std::string& key, double fallback) const;
    /** Like GetInt, with a fallback when the attribute is absent. */
    int GetIntOr(const std::string& key, int fallback, int minimum) const;
    void Set(const std::string& key, double value);

    /** "type key=value ... [inputs=i,j]" with values printed exactly (integers without a
     *  decimal point). */
    std::string ToString() const;
    /** Inverse of ToString; throws eesim::Error on a malformed line. */
    static LayerSpec Parse(const std::string& text);
};

} // namespace eesim

#endif
