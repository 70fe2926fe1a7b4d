// round-robin: each choosing node takes the pool's servers in turn.
#include "policies/server-selection.h"

namespace eesim
{

namespace
{

class RoundRobinServer : public ServerSelectionPolicy
{
  public:
    std::size_t Choose(const SelectionObservation& observation) const override
    {
        // Each node starts at another server, so that the first requests spread too.
        const auto start = std::uint64_t(observation.chooser);
        return std::size_t((start + observation.earlierChoices) % observation.servers.size());
    }
};

const Registration<ServerSelection> kRegistration{
    { "round-robin",
      "each node takes the pool's servers in turn, starting at its node index modulo the pool's "
      "size",
      [] { return std::make_unique<RoundRobinServer>(); } }
};

} // namespace

} // namespace eesim
