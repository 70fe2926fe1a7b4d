// nearest: the server with the best link.
#include "policies/server-selection.h"

namespace eesim
{

namespace
{

class NearestServer : public ServerSelectionPolicy
{
  public:
    std::size_t Choose(const SelectionObservation& observation) const override
    {
        std::size_t best = 0;
        for (std::size_t i = 1; i < observation.servers.size(); ++i)
        {
            if (observation.servers[i].linkSnrDb > observation.servers[best].linkSnrDb)
            {
                best = i;
            }
        }
        return best;
    }
};

const Registration<ServerSelection> kRegistration{
    { "nearest", "the server whose link has the highest SNR estimate (the best link)",
      [] { return std::make_unique<NearestServer>(); } }
};

} // namespace

} // namespace eesim
