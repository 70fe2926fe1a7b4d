#ifndef EESIM_SIM_COMPUTE_LOGNORMAL_AR1_CAPACITY_H
#define EESIM_SIM_COMPUTE_LOGNORMAL_AR1_CAPACITY_H

#include "base/random.h"
#include "sim/compute/capacity-process.h"

#include <cstdint>

namespace eesim
{

/** `lognormal-ar1`: log(factor) is an AR(1) process sampled every `step` seconds with mean mu,
 *  stationary standard deviation sigma and correlation time tau:
 *  x' = mu + rho (x - mu) + sigma sqrt(1 - rho^2) eps, rho = exp(-step / tau). Starts at mu. */
class LognormalAr1Capacity : public CapacityProcess
{
  public:
    LognormalAr1Capacity(double mu, double sigma, double tauSeconds, double stepSeconds,
                         std::uint64_t seed);

  protected:
    Piece NextPiece(const Piece* last) override;

  private:
    double m_mu;
    double m_sigma;
    double m_rho;
    double m_step;
    Random m_random;
    double m_log;
};

} // namespace eesim

#endif
