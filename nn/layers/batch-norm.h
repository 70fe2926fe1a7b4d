#ifndef EESIM_NN_LAYERS_BATCH_NORM_H
#define EESIM_NN_LAYERS_BATCH_NORM_H

#include "nn/layer.h"

namespace eesim
{

/**
 * Batch normalisation per channel (over batch, height and width). Training uses the batch's
 * statistics and updates running ones (momentum, unbiased variance, as PyTorch); inference uses
 * the running statistics, an affine map that MultiExitModel::FoldBatchNorm folds into the
 * preceding conv2d or linear layer.
 */
class BatchNorm : public Layer
{
  public:
    explicit BatchNorm(int channels, float epsilon = 1e-5F, float momentum = 0.1F);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::vector<Parameter*> Parameters() override
    {
        return { &m_gamma, &m_beta, &m_runningMean, &m_runningVar };
    }
    void Initialize(Random& random) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<BatchNorm>(*this); }

    /** The inference-mode map y = scale * x + shift, per channel. */
    void InferenceAffine(std::vector<float>& scale, std::vector<float>& shift) const;

  private:
    int m_channels;
    float m_epsilon;
    float m_momentum;
    Parameter m_gamma;
    Parameter m_beta;
    Parameter m_runningMean;
    Parameter m_runningVar;
    Tensor m_normalized;         // x-hat, cached in training mode
    std::vector<float> m_invStd; // 1 / sqrt(var + eps) per channel, cached in training mode
};

} // namespace eesim

#endif
