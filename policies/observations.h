#ifndef EESIM_POLICIES_OBSERVATIONS_H
#define EESIM_POLICIES_OBSERVATIONS_H

#include "policies/exit-statistics.h"

#include <limits>
#include <vector>

namespace eesim
{

/** What an exit policy sees when a request reaches exit `exitIndex`. */
struct ExitObservation
{
    int exitIndex = 0;
    int exitCount = 1;
    std::vector<double> probabilities; // this exit's softmax
    ExitStatistics statistics;         // confidence measures of `probabilities`
    double elapsedSeconds = 0.0;       // since the request was issued
    double deadlineSeconds = std::numeric_limits<double>::infinity();
    /** Softmax of every earlier exit this request passed, in order (exit 0 first). */
    std::vector<std::vector<double>> history;
    /** Estimated time from now until the next exit's answer would exist (queueing, transfer
     *  and compute), in seconds; NaN when unknown. */
    double predictedNextExitSeconds = std::numeric_limits<double>::quiet_NaN();
};

/** What a transmission-decision (TD) policy sees before features would leave the node. */
struct TransmissionObservation
{
    int exitIndex = 0;                 // the early exit whose answer would be kept
    std::vector<double> probabilities; // that exit's softmax
    ExitStatistics statistics;
    double snrDb = std::numeric_limits<double>::quiet_NaN(); // estimate; NaN when unknown
    /** The outcomes, for the oracle only: filled by the simulator when the policy's
     *  NeedsOutcomes() is true (and left false otherwise). earlyCorrect: the early exit's
     *  prediction is the label; serverCorrect: the server's would be, given the features that
     *  this transmission would deliver (same channel realization). */
    bool earlyCorrect = false;
    bool serverCorrect = false;
};

} // namespace eesim

#endif
