#ifndef EESIM_SIM_RECORD_REQUEST_RECORD_H
#define EESIM_SIM_RECORD_REQUEST_RECORD_H

#include "sim/record/drop-reason.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Everything measured about one request: one row of requests.csv. It holds results only; what
 * the run needs to steer a request while it is in flight lives in InFlightRequest.
 */
struct RequestRecord
{
    std::uint64_t id = 0;
    int source = 0; // node index of the requesting device
    int sample = 0; // index of the image in the dataset split
    int label = 0;
    double arrivalSeconds = 0.0;
    double doneSeconds = 0.0;
    int exitIndex = -1;
    int exitNode = -1;
    int prediction = -1;
    bool transmitted = false;           // features crossed at least one link
    std::vector<double> queueSeconds;   // per segment
    std::vector<double> computeSeconds; // per segment
    double networkSeconds = 0.0;        // feature messages, all hops
    double resultSeconds = 0.0;         // the result's trip back to the source
    std::uint64_t flops = 0;            // segment and exit-head FLOPs computed for this request
    std::uint64_t featureBytes = 0;     // application bytes of feature messages (with framing)
    std::uint64_t resultBytes = 0;
    std::uint64_t symbols = 0; // channel symbols sent over analog links
    /** SNR (dB) of the latest feature transmission: the analog link's, or that of the latest
     *  Wi-Fi frame the receiver got from the sender; NaN when nothing was sent. */
    double snrDb = std::numeric_limits<double>::quiet_NaN();
    /** The SNR estimate (dB) the latest transmission decision saw; NaN without one. */
    double csiSnrDb = std::numeric_limits<double>::quiet_NaN();
    // Transmission decisions: what always-transmit would have sent at them (message bytes on
    // digital links, symbols on analog ones) and what was sent.
    int tdDecisions = 0;
    std::uint64_t tdOfferedBytes = 0;
    std::uint64_t tdSentBytes = 0;
    std::uint64_t tdOfferedSymbols = 0;
    std::uint64_t tdSentSymbols = 0;
    double deviceComputeJoules = 0.0; // energy of this request's compute on requesting devices
    double radioTxJoules = 0.0;       // transmit energy of its analog symbols
    std::string decisions;            // e.g. "0:continue 0:transmit 1:exit"
    bool timedOut = false;            // answered by the fallback because the answer came too late

    /** Appends `entry` ("segment:what") to the decision trail. */
    void AddDecision(const std::string& entry)
    {
        decisions += (decisions.empty() ? "" : " ") + entry;
    }
};

} // namespace eesim

#endif
