#ifndef EESIM_SIM_COMPUTE_CONSTANT_CAPACITY_H
#define EESIM_SIM_COMPUTE_CONSTANT_CAPACITY_H

#include "sim/compute/capacity-process.h"

namespace eesim
{

/** `constant`: the factor is 1 forever. */
class ConstantCapacity : public CapacityProcess
{
  protected:
    Piece NextPiece(const Piece* last) override;
};

} // namespace eesim

#endif
