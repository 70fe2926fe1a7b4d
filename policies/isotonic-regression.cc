#include "policies/isotonic-regression.h"

#include <cmath>
#include <stdexcept>

namespace eesim
{

namespace
{

/** A run of pooled entries: their weighted mean, total weight and how many there are. */
struct Block
{
    double mean;
    double weight;
    std::size_t size;
};

void
CheckInputs(const std::vector<double>& values, const std::vector<double>& weights)
{
    if (values.size() != weights.size())
    {
        throw std::invalid_argument("isotonic regression: " + std::to_string(values.size())
                                    + " values but " + std::to_string(weights.size()) + " weights");
    }
    bool anyWeight = false;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (!(weights[i] >= 0.0) || !std::isfinite(weights[i]))
        {
            throw std::invalid_argument("isotonic regression: weights must be finite and >= 0");
        }
        if (weights[i] > 0.0 && !std::isfinite(values[i]))
        {
            throw std::invalid_argument("isotonic regression: values must be finite");
        }
        anyWeight = anyWeight || weights[i] > 0.0;
    }
    if (!anyWeight)
    {
        throw std::invalid_argument("isotonic regression: every weight is zero");
    }
}

/** PAV over the weighted entries only, in order. */
std::vector<Block>
Pool(const std::vector<double>& values, const std::vector<double>& weights)
{
    std::vector<Block> blocks;
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (weights[i] == 0.0)
        {
            continue;
        }
        blocks.push_back({ values[i], weights[i], 1 });
        // Merging may create a new violation with the block before: keep merging backwards.
        while (blocks.size() > 1 && blocks[blocks.size() - 2].mean > blocks.back().mean)
        {
            const Block last = blocks.back();
            blocks.pop_back();
            Block& previous = blocks.back();
            const double weight = previous.weight + last.weight;
            previous.mean = (previous.mean * previous.weight + last.mean * last.weight) / weight;
            previous.weight = weight;
            previous.size += last.size;
        }
    }
    return blocks;
}

} // namespace

std::vector<double>
IsotonicRegression(const std::vector<double>& values, const std::vector<double>& weights)
{
    CheckInputs(values, weights);
    const std::vector<Block> blocks = Pool(values, weights);
    std::vector<double> fitted(values.size());
    std::size_t block = 0;
    std::size_t usedInBlock = 0;
    double below = blocks.front().mean; // no weighted entry below yet: the first block's value
    for (std::size_t i = 0; i < values.size(); ++i)
    {
        if (weights[i] == 0.0)
        {
            fitted[i] = below;
            continue;
        }
        fitted[i] = blocks[block].mean;
        below = fitted[i];
        if (++usedInBlock == blocks[block].size)
        {
            ++block;
            usedInBlock = 0;
        }
    }
    return fitted;
}

} // namespace eesim
