#ifndef EESIM_SIM_RUN_REQUEST_LEDGER_H
#define EESIM_SIM_RUN_REQUEST_LEDGER_H

#include "sim/compute/compute-queue.h"
#include "sim/record/recorder.h"
#include "sim/run/in-flight-request.h"

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace eesim
{

/**
 * The requests of a run from arrival to end. Every request ends exactly once: completed with an
 * answer, or dropped with a reason (its row then goes to the recorder), or still in flight when
 * the run stops. The ledger also owns the clocks that end requests without anyone asking -- the
 * answer timeout and the deadline -- and stops the simulation once the sources are done and the
 * last request has ended. ns-3 runs on one thread, so plain members are enough.
 */
class RequestLedger
{
  public:
    struct Settings
    {
        std::size_t segments = 1; // of the model: a row's per-segment columns
        /** After features leave a node, the fallback answers if the answer is not back within
         *  this time; 0 = wait forever. */
        double answerTimeoutSeconds = 0.0;
        double deadlineSeconds = 0.0;
        /** Drop a request still unanswered at its deadline (deadline_abandoned). */
        bool abandonAtDeadline = false;
    };
    /** Requests ended so far, and the most expected. */
    using Progress = std::function<void(std::uint64_t ended, std::uint64_t expected)>;

    /** `compute` is every node's queue, by node index: a dropped request's task still waiting
     *  there is withdrawn. `progress` may be empty. */
    RequestLedger(Recorder& recorder, std::vector<ComputeQueue>& compute, const Settings& settings,
                  Progress progress = nullptr);

    /** A request source that will issue at most `requests` (sources call this as they start,
     *  before any request ends). */
    void AddSource(std::uint64_t requests);
    /** A source calls this when it has issued its last request. */
    void SourceDone();

    /** Registers a new request of `source` for image `sample`; valid until it ends. */
    InFlightRequest& Begin(int source, int sample, int label, double now);
    bool InFlight(std::uint64_t id) const { return m_inFlight.count(id) != 0; }
    /** The request `id`, which must be in flight. */
    InFlightRequest& Get(std::uint64_t id) { return m_inFlight.at(id); }

    /** Counts the transmission of `request`'s features just made and, with an answer timeout
     *  and a fallback answer, starts the timeout: when it expires before a later transmission
     *  or the answer, the request is answered with its fallback (recorded as timed out). */
    void ArmTimeout(InFlightRequest& request);
    /** Records the answer, streams the row and ends the request. */
    void Complete(std::uint64_t id, const InFlightRequest::Answer& answer, double now);
    /** Ends a request without an answer: withdraws its task still queued, streams its row with
     *  the reason. */
    void Drop(std::uint64_t id, DropReason reason, double now);
    /** The request's work cannot go on at `segment`: a full queue refused its task, or a
     *  message of it was lost. It is dropped now, unless an answer timeout is armed for it:
     *  then, as the source cannot tell this from a slow answer, the timeout answers it with
     *  the fallback exit. Either way the trail notes `segment:reason`. */
    void Lose(std::uint64_t id, DropReason reason, std::size_t segment);

    std::uint64_t Issued() const { return m_nextId; }
    /** Requests the sources will issue at most. */
    std::uint64_t Expected() const { return m_expected; }
    std::uint64_t InFlightCount() const { return m_inFlight.size(); }
    std::uint64_t Completed() const { return m_completed; }
    std::uint64_t Dropped() const { return m_dropped; }

  private:
    void TimeOut(std::uint64_t id, int transmission);
    /** Drops the request if it is still unanswered at its deadline. */
    void Abandon(std::uint64_t id);
    /** After a request ended: progress, and the end of the run after the last one. */
    void Ended();

    Recorder& m_recorder;
    std::vector<ComputeQueue>& m_compute;
    Settings m_settings;
    Progress m_progress; // may be empty
    std::map<std::uint64_t, InFlightRequest> m_inFlight;
    std::uint64_t m_nextId = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_expected = 0;
    int m_sourcesRunning = 0;
};

} // namespace eesim

#endif
