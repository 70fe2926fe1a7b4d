// least-loaded: the server that would start the request soonest by its load reports.
#include "policies/server-selection.h"

namespace eesim
{

namespace
{

class LeastLoadedServer : public ServerSelectionPolicy
{
  public:
    std::size_t Choose(const SelectionObservation& observation) const override
    {
        return CheapestServer(observation.servers, &LeastLoadedServer::Wait);
    }

  private:
    /** Predicted queueing before a request sent now would start, plus its own service: what
     *  the last report showed, with what this node has sent since on top. */
    static double Wait(const ServerView& server)
    {
        return server.reportedBacklogSeconds + (server.sentSinceReport + 1) * server.serviceSeconds;
    }
};

const Registration<ServerSelection> kRegistration{
    { "least-loaded",
      "the server with the shortest predicted time to finish the request: its reported backlog "
      "(less the report's age), the requests this node sent it since, and the request's own "
      "service time",
      [] { return std::make_unique<LeastLoadedServer>(); } }
};

} // namespace

} // namespace eesim
