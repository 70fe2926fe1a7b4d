#ifndef EESIM_POLICIES_PATIENCE_EXIT_H
#define EESIM_POLICIES_PATIENCE_EXIT_H

#include "policies/exit-policy.h"

namespace eesim
{

/** `patience` (PABEE-style): exit when the last `patience` exits, this one included, all
 *  predict the same class. With patience 1 every request leaves at exit 0. */
class PatienceExit : public ExitPolicy
{
  public:
    explicit PatienceExit(int patience)
        : m_patience(patience)
    {
    }
    bool ShouldExit(const ExitObservation& o) const override;

  private:
    int m_patience;
};

} // namespace eesim

#endif
