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
        return CheapestServer(observation.servers,
                              [](const ServerView& server) { return -server.linkSnrDb; });
    }
};

const Registration<ServerSelection> kRegistration{
    { "nearest", "the server whose link has the highest SNR estimate (the best link)",
      [] { return std::make_unique<NearestServer>(); } }
};

} // namespace

} // namespace eesim
