#ifndef EESIM_NN_LAYERS_LINEAR_H
#define EESIM_NN_LAYERS_LINEAR_H

#include "nn/layer.h"

namespace eesim
{

/** y = W x + b on flat features (in, 1, 1). Weight layout [out][in], as PyTorch. */
class Linear : public Layer
{
  public:
    Linear(int inFeatures, int outFeatures);
    static std::unique_ptr<Layer> FromSpec(const LayerSpec& spec);

    LayerSpec Spec() const override;
    SampleShape OutputShape(SampleShape input) const override;
    std::uint64_t Flops(SampleShape input) const override;
    Tensor Forward(const Tensor& input, Mode mode) override;
    Tensor Backward(const Tensor& gradOutput) override;
    std::vector<Parameter*> Parameters() override { return { &m_weight, &m_bias }; }
    void Initialize(Random& random) override;
    std::unique_ptr<Layer> Clone() const override { return std::make_unique<Linear>(*this); }

    /** Scales output j by scale[j] and then adds shift[j] (used to fold batch norm). */
    void ScaleAndShiftOutputs(const std::vector<float>& scale, const std::vector<float>& shift);

  private:
    int m_in;
    int m_out;
    Parameter m_weight;
    Parameter m_bias;
    Tensor m_input;
};

} // namespace eesim

#endif
