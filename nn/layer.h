#ifndef EESIM_NN_LAYER_H
#define EESIM_NN_LAYER_H

#include "base/random.h"
#include "nn/layer-spec.h"
#include "nn/tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** Training mode caches what Backward needs and uses batch statistics; inference does neither. */
enum class Mode
{
    kInference,
    kTraining
};

/**
 * A learnable tensor (weights) or a stored buffer (batch-norm running statistics). Buffers are
 * saved with the model but have no gradient and are not touched by the optimiser.
 */
struct Parameter
{
    std::string name;
    AlignedFloats value;
    AlignedFloats grad; // same size as value when trainable, empty for buffers
    bool trainable = true;
};

/**
 * One layer of a network: forward and backward over a batch. Backward must follow a Forward in
 * training mode on the same layer object; it accumulates parameter gradients (so several
 * backward passes sum) and returns the gradient with respect to the input.
 */
class Layer
{
  public:
    virtual ~Layer() = default;

    /** Type and attributes; enough to rebuild the layer without its parameters. */
    virtual LayerSpec Spec() const = 0;
    /** Per-sample output shape; throws eesim::Error when the input shape does not fit. */
    virtual SampleShape OutputShape(SampleShape input) const = 0;
    /** Floating-point operations for one sample of the given input shape (see README). */
    virtual std::uint64_t Flops(SampleShape input) const = 0;

    virtual Tensor Forward(const Tensor& input, Mode mode) = 0;
    virtual Tensor Backward(const Tensor& gradOutput) = 0;

    /** Parameters and buffers in file order. */
    virtual std::vector<Parameter*> Parameters() { return {}; }
    /** Draws initial weights. */
    virtual void Initialize(Random& /*random*/) {}
    virtual std::unique_ptr<Layer> Clone() const = 0;
};

/**
 * A layer of two or more inputs, as residual networks and gates need them (add, concat, mul).
 * A layer graph calls the forms below; the single-input forms of Layer are not used and throw.
 */
class MultiInputLayer : public Layer
{
  public:
    using Inputs = std::vector<const Tensor*>;

    /** Per-sample output shape; throws eesim::Error when the input shapes do not fit. */
    virtual SampleShape OutputShapeOf(const std::vector<SampleShape>& inputs) const = 0;
    virtual std::uint64_t FlopsOf(const std::vector<SampleShape>& inputs) const = 0;
    virtual Tensor ForwardInputs(const Inputs& inputs, Mode mode) = 0;
    /** The gradient with respect to each input, in order. */
    virtual std::vector<Tensor> BackwardInputs(const Tensor& gradOutput) = 0;

    SampleShape OutputShape(SampleShape input) const final { return OutputShapeOf({ input }); }
    std::uint64_t Flops(SampleShape input) const final { return FlopsOf({ input }); }
    Tensor Forward(const Tensor& input, Mode mode) final { return ForwardInputs({ &input }, mode); }
    Tensor Backward(const Tensor& gradOutput) final { return BackwardInputs(gradOutput).at(0); }
};

} // namespace eesim

#endif
