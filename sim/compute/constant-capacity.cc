#include "sim/compute/constant-capacity.h"

#include "sim/compute/capacity-model.h"

#include <limits>

namespace eesim
{

CapacityProcess::Piece
ConstantCapacity::NextPiece(const Piece* last)
{
    // A single piece; later calls return one that starts at infinity (never reached).
    return last == nullptr ? Piece{ 0.0, 1.0 }
                           : Piece{ std::numeric_limits<double>::infinity(), 1.0 };
}

namespace
{

const Registration<CapacityModel> kRegistration{
    { "constant",
      "the factor is 1: the node always has its nominal capacity",
      {},
      [](const CapacitySettings&, std::vector<CapacityProblem>&) -> CapacityFactory
      { return [](std::uint64_t) { return std::make_unique<ConstantCapacity>(); }; } }
};

} // namespace

} // namespace eesim
