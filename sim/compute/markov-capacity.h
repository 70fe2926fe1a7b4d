#ifndef EESIM_SIM_COMPUTE_MARKOV_CAPACITY_H
#define EESIM_SIM_COMPUTE_MARKOV_CAPACITY_H

#include "base/random.h"
#include "sim/compute/capacity-process.h"

#include <cstdint>
#include <vector>

namespace eesim
{

/** `markov`: a continuous-time Markov chain over states (factor, mean dwell time); each dwell
 *  is exponential with the state's mean, and the next state is drawn uniformly among the
 *  others. Starts in state 0. */
class MarkovCapacity : public CapacityProcess
{
  public:
    MarkovCapacity(std::vector<double> factors, std::vector<double> meanDwellSeconds,
                   std::uint64_t seed);

  protected:
    Piece NextPiece(const Piece* last) override;

  private:
    std::vector<double> m_factors;
    std::vector<double> m_meanDwell;
    Random m_random;
    std::size_t m_state = 0;
    double m_nextStart = 0.0;
};

} // namespace eesim

#endif
