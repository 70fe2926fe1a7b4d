#ifndef EESIM_POLICIES_SERVER_SELECTION_H
#define EESIM_POLICIES_SERVER_SELECTION_H

#include "base/registry.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace eesim
{

/** One server of a pool as the node choosing among them sees it. */
struct ServerView
{
    int node = -1;
    /** The SNR (dB) of the link to it, as the channel-state information gives it. */
    double linkSnrDb = 0.0;
    /** Seconds of work the server's latest load report said it had queued, less the time since
     *  that report (work drains while the report ages); with reports of period 0, its backlog
     *  now. */
    double reportedBacklogSeconds = 0.0;
    /** Requests this node sent it since that report, which the report cannot show. */
    int sentSinceReport = 0;
    /** Seconds the pool's work for one request takes it at its nominal capacity. */
    double serviceSeconds = 0.0;
};

/** What a server-selection policy decides on: one request's choice among a pool's servers. */
struct SelectionObservation
{
    std::uint64_t request = 0;
    /** The node choosing (where the request's features are). */
    int chooser = -1;
    /** Choices this node made for the pool before this one. */
    std::uint64_t earlierChoices = 0;
    /** The run's seed for this pool's random choices. */
    std::uint64_t seed = 0;
    /** The pool's servers, in the pool's order (never empty). */
    std::vector<ServerView> servers;
};

/**
 * Chooses the server of a pool that runs a request's next segments (pools[].selection): a pure
 * function of what the choosing node can observe. Ties go to the earlier server of the pool.
 */
class ServerSelectionPolicy
{
  public:
    virtual ~ServerSelectionPolicy() = default;
    /** The index, into observation.servers, of the chosen server. */
    virtual std::size_t Choose(const SelectionObservation& observation) const = 0;
};

/** The index of the server with the lowest `cost`, the earliest of equals. */
std::size_t CheapestServer(const std::vector<ServerView>& servers,
                           const std::function<double(const ServerView&)>& cost);

/** A server-selection policy as it registers itself from its own file in policies/. */
struct ServerSelection
{
    std::string name;
    /** One line: what it chooses by. */
    std::string meaning;
    std::function<std::unique_ptr<ServerSelectionPolicy>()> make;
};

using ServerSelectionRegistry = Registry<ServerSelection>;

/** The registered policies as a Markdown table: name, meaning. */
std::string ServerSelectionsMarkdown();

} // namespace eesim

#endif
