#ifndef EESIM_SIM_RECORD_REQUEST_RECORD_H
#define EESIM_SIM_RECORD_REQUEST_RECORD_H

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace eesim
{

/** Why a request ended without an answer. */
enum class DropReason
{
    kQueueFull,        // a task of it found a node's compute queue full
    kMessageLost,      // a message of it was lost, and the receiver could tell
    kDeadlineAbandoned // not answered by its deadline (requests.abandon_after_deadline)
};
constexpr int kDropReasonCount = 3;

/** The reason as summary.json and requests.csv spell it. */
inline const char*
DropReasonName(DropReason reason)
{
    switch (reason)
    {
    case DropReason::kQueueFull:
        return "queue_full";
    case DropReason::kMessageLost:
        return "message_lost";
    default:
        return "deadline_abandoned";
    }
}

/** Everything measured about one request; becomes one row of requests.csv. */
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
    double sentAt = 0.0;              // when the message now in flight was sent
    int sentFrom = -1;                // and by which node
    std::size_t sentFor = 0;          // the segment that message is for
    // The answer that stands if the one in flight does not come back in time.
    int fallbackExit = -1;
    int fallbackNode = -1;
    int fallbackPrediction = -1;
    int transmissions = 0; // identifies the latest timeout armed for this request
    int queuedOn = -1;     // the node whose compute queue holds its task (-1: none)
    std::vector<std::vector<double>> exitHistory; // softmax of each exit passed, in order
};

} // namespace eesim

#endif
