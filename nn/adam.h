#ifndef EESIM_NN_ADAM_H
#define EESIM_NN_ADAM_H

#include "nn/layer.h"

#include <vector>

namespace eesim
{

/** Adam (Kingma & Ba) with optional decoupled weight decay (AdamW), on trainable parameters. */
class Adam
{
  public:
    explicit Adam(double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
                  double weightDecay = 0.0);

    /** One update of every trainable parameter from its accumulated gradient. */
    void Step(const std::vector<Parameter*>& parameters, double learningRate);

  private:
    double m_beta1;
    double m_beta2;
    double m_epsilon;
    double m_weightDecay;
    long m_step = 0;
    std::vector<std::vector<float>> m_firstMoment;
    std::vector<std::vector<float>> m_secondMoment;
};

} // namespace eesim

#endif
