#include "nn/adam.h"

#include <cmath>

namespace eesim
{

Adam::Adam(double beta1, double beta2, double epsilon, double weightDecay)
    : m_beta1(beta1)
    , m_beta2(beta2)
    , m_epsilon(epsilon)
    , m_weightDecay(weightDecay)
{
}

void
Adam::Step(const std::vector<Parameter*>& parameters, double learningRate)
{
    if (m_firstMoment.empty())
    {
        for (const Parameter* p : parameters)
        {
            m_firstMoment.emplace_back(p->trainable ? p->value.size() : 0, 0.0F);
            m_secondMoment.emplace_back(p->trainable ? p->value.size() : 0, 0.0F);
        }
    }
    ++m_step;
    const double correction1 = 1.0 - std::pow(m_beta1, double(m_step));
    const double correction2 = 1.0 - std::pow(m_beta2, double(m_step));
    const auto b1 = float(m_beta1);
    const auto b2 = float(m_beta2);
    for (std::size_t i = 0; i < parameters.size(); ++i)
    {
        Parameter& p = *parameters[i];
        if (!p.trainable)
        {
            continue;
        }
        std::vector<float>& m = m_firstMoment[i];
        std::vector<float>& v = m_secondMoment[i];
        for (std::size_t j = 0; j < p.value.size(); ++j)
        {
            const float g = p.grad[j];
            m[j] = b1 * m[j] + (1 - b1) * g;
            v[j] = b2 * v[j] + (1 - b2) * g * g;
            const double update
                = (m[j] / correction1) / (std::sqrt(v[j] / correction2) + m_epsilon);
            p.value[j] -= float(learningRate * (update + m_weightDecay * p.value[j]));
        }
    }
}

} // namespace eesim
