#ifndef EESIM_SIM_RUN_IN_FLIGHT_REQUEST_H
#define EESIM_SIM_RUN_IN_FLIGHT_REQUEST_H

#include "sim/record/request-record.h"

#include <cstddef>
#include <map>
#include <vector>

namespace eesim
{

/**
 * A request between its arrival and its end: the row it will become, and the control state the
 * run steers it by meanwhile (none of which reaches requests.csv).
 */
struct InFlightRequest
{
    /** An answer the request can be given: exit index, the node that took it, its class. */
    struct Answer
    {
        int exit = -1;
        int node = -1;
        int prediction = -1;
    };

    RequestRecord row;
    double sentAt = 0.0;     // when the message now in flight was sent
    int sentFrom = -1;       // and by which node
    std::size_t sentFor = 0; // the segment that message is for
    /** The answer that stands if the one in flight does not come back in time (exit -1: no
     *  early answer exists yet). */
    Answer fallback;
    int transmissions = 0; // features sent so far; names the latest answer timeout armed
    int queuedOn = -1;     // the node whose compute queue holds its task (-1: none)
    std::vector<std::vector<double>> exitHistory; // softmax of each exit passed, in order
    std::map<int, int> poolServers; // pool -> the server chosen for this request (ServerRouter)
};

} // namespace eesim

#endif
