#ifndef EESIM_SIM_REQUEST_RECORD_H
#define EESIM_SIM_REQUEST_RECORD_H

#include <cstdint>
#include <string>
#include <vector>

namespace eesim
{

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
    std::string decisions; // e.g. "0:continue 0:transmit 1:exit"
    bool timedOut = false; // answered by the fallback because the answer came too late
    double sentAt = 0.0;   // when the message now in flight was sent
    int sentFrom = -1;     // and by which node
    // The answer that stands if the one in flight does not come back in time.
    int fallbackExit = -1;
    int fallbackNode = -1;
    int fallbackPrediction = -1;
    int transmissions = 0; // identifies the latest timeout armed for this request
    std::vector<std::vector<double>> exitHistory; // softmax of each exit passed, in order
};

} // namespace eesim

#endif
