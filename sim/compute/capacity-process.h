#ifndef EESIM_SIM_COMPUTE_CAPACITY_PROCESS_H
#define EESIM_SIM_COMPUTE_CAPACITY_PROCESS_H

#include <cstddef>
#include <deque>

namespace eesim
{

/**
 * How a node's available compute fluctuates: a piecewise-constant factor of its nominal
 * capacity, generated lazily from the node's own seeded stream so that the sequence never
 * depends on when it is asked for. Queries must not go back before Forget's horizon.
 *
 * Each model is a subclass in a file pair of its own that also registers it (name, keys,
 * checks, factory; see capacity-model.h).
 */
class CapacityProcess
{
  public:
    virtual ~CapacityProcess() = default;

    /** The factor in force at time t (seconds). */
    double FactorAt(double t);
    /** The first time after t at which the factor changes (infinity when it never does). */
    double NextChangeAfter(double t);
    /** Promises that no query goes back before t: drops the pieces that end before it, and
     *  generates up to t without storing those that would be dropped (memory stays bounded
     *  over long runs and long idle stretches). */
    void Forget(double t);

  protected:
    struct Piece
    {
        double start;
        double factor;
    };
    /** Appends the next piece; `last` is the previous one (null for the first). */
    virtual Piece NextPiece(const Piece* last) = 0;

  private:
    /** Index of the piece holding t, generating pieces as needed. */
    std::size_t IndexAt(double t);

    std::deque<Piece> m_pieces;
};

} // namespace eesim

#endif
