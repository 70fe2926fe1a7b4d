#ifndef EESIM_SIM_RECORD_RECORDER_H
#define EESIM_SIM_RECORD_RECORDER_H

#include "sim/record/latency-histogram.h"
#include "sim/record/request-record.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Streams one CSV row per ended request (answered or dropped) to `requests.csv` and folds it
 * into the summary, so memory stays flat however many requests a run has. Both files are
 * written under temporary names and renamed by Finish, so an interrupted run never leaves a
 * complete-looking file.
 */
class Recorder
{
  public:
    Recorder(const std::string& folder, int segments, double deadlineSeconds);
    /** FLOPs of one request run through every segment and exit head (computation saved is
     *  measured against it). */
    void SetFullFlops(std::uint64_t flops) { m_fullFlops = flops; }
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    /** An answered request. */
    void Record(const RequestRecord& record);
    /** A request that ended without an answer at `record.doneSeconds`. */
    void RecordDrop(const RequestRecord& record, DropReason reason);

    /** Adds the totals to `summary`, writes summary.json and renames both files into place.
     *  `summary.requests` must hold `issued` and `unfinished`; `summary.energy` may hold the
     *  devices' `device_wifi_radio_j` (0 when absent). Throws eesim::Error (runtime) if
     *  completed + dropped + unfinished does not make up the requests issued. */
    nlohmann::json Finish(nlohmann::json summary);

  private:
    void WriteRow(const RequestRecord& record, const std::string& outcome);
    nlohmann::json CommunicationSummary() const;
    /** The request counts, checked to add up to the requests issued. */
    void AccountRequests(nlohmann::json& requests) const;

    std::string m_folder;
    int m_segments;
    double m_deadline;
    std::FILE* m_csv = nullptr;
    LatencyHistogram m_latency;
    std::uint64_t m_correct = 0;
    std::uint64_t m_transmitted = 0;
    std::uint64_t m_timedOut = 0;
    std::uint64_t m_deadlineMet = 0;
    std::uint64_t m_dropped[kDropReasonCount] = {};
    std::uint64_t m_correctInTime = 0;
    std::uint64_t m_featureBytes = 0;
    std::uint64_t m_resultBytes = 0;
    std::uint64_t m_fullFlops = 1;
    long double m_flops = 0; // summed over requests; long double keeps it exact far longer
    std::vector<std::uint64_t> m_exits;
    std::uint64_t m_symbols = 0;
    std::uint64_t m_tdDecisions = 0;
    std::uint64_t m_tdOfferedBytes = 0;
    std::uint64_t m_tdSentBytes = 0;
    std::uint64_t m_tdOfferedSymbols = 0;
    std::uint64_t m_tdSentSymbols = 0;
    double m_deviceComputeJoules = 0.0;
    double m_radioTxJoules = 0.0;
};

} // namespace eesim

#endif
