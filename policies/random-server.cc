// random: a server drawn uniformly, from the seed and the request alone.
#include "base/seed-mix.h"
#include "policies/server-selection.h"

namespace eesim
{

namespace
{

class RandomServer : public ServerSelectionPolicy
{
  public:
    std::size_t Choose(const SelectionObservation& observation) const override
    {
        // A function of the seed and the request, not of a generator's state: the choice does
        // not depend on the order in which nodes choose.
        const std::uint64_t draw = MixSeed(observation.seed, observation.request);
        return std::size_t(draw % observation.servers.size());
    }
};

const Registration<ServerSelection> kRegistration{
    { "random", "a server drawn uniformly for each request (from the run's seed and the request)",
      [] { return std::make_unique<RandomServer>(); } }
};

} // namespace

} // namespace eesim
