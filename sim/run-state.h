#ifndef EESIM_SIM_RUN_STATE_H
#define EESIM_SIM_RUN_STATE_H

#include "nn/dataset.h"
#include "nn/multi-exit-model.h"
#include "policies/policy-registry.h"
#include "sim/compute/compute-queue.h"
#include "sim/record/recorder.h"
#include "sim/record/request-record.h"
#include "sim/scenario/scenario.h"
#include "sim/topology/link-channels.h"

#include <functional>
#include <map>
#include <memory>
#include <ns3/ipv4-address.h>
#include <vector>

namespace eesim
{

/**
 * What the applications of one run share: the scenario, the model they execute, the images,
 * the policies, each node's compute queue and address, and the requests in flight. ns-3 runs on
 * one thread, so plain members are enough.
 */
class RunState
{
  public:
    RunState(const Scenario& scenario, MultiExitModel& model, const Dataset& data,
             Recorder& recorder,
             std::function<void(std::uint64_t, std::uint64_t)> progress = nullptr);

    const Scenario& GetScenario() const { return m_scenario; }
    MultiExitModel& Model() { return m_model; }
    const Dataset& Data() const { return m_data; }
    const ExitPolicy& Exit() const { return *m_exitPolicy; }
    /** The transmission-decision policy for features going from `from` to `to` (policies that
     *  read calibration tables depend on the link's channel mode). */
    const TransmissionPolicy& TransmissionFor(int from, int to);
    /** The run's radio side; set once the topology exists. */
    void SetChannels(LinkChannels* channels) { m_channels = channels; }
    LinkChannels& Channels() { return *m_channels; }
    ComputeQueue& Compute(int node) { return m_compute[std::size_t(node)]; }
    void SetAddress(int node, ns3::Ipv4Address address)
    {
        m_addresses[std::size_t(node)] = address;
    }
    ns3::Ipv4Address Address(int node) const { return m_addresses[std::size_t(node)]; }

    /** FLOPs `node` is charged for segment k with its exit head: the scenario's
     *  segment_latency_ms x the node's nominal capacity, or its segment_flops, or else the
     *  model's FLOPs times model_flops_scale. */
    std::uint64_t StageFlops(std::size_t segment, int node) const;
    /** Model FLOPs times model_flops_scale: what bottleneck encoders and decoders are charged
     *  (segment_flops and segment_latency_ms cover segments and exit heads only). */
    std::uint64_t ScaledFlops(std::uint64_t modelFlops) const;

    /** Registers a new request; returns its record (valid until Complete). */
    RequestRecord& Begin(int source, int sample, double now);
    RequestRecord& Record(std::uint64_t id);
    bool InFlight(std::uint64_t id) const { return m_inFlight.count(id) != 0; }
    /** Starts the answer timeout (transport.answer_timeout_ms) for the transmission just made;
     *  when it expires first, the request is answered with its fallback exit. */
    void ArmTimeout(RequestRecord& record);
    /** The node that runs `segment` for this request. */
    int NodeFor(const RequestRecord& record, std::size_t segment) const;
    /** Records the answer, streams the row and stops the simulation after the last request. */
    void Complete(std::uint64_t id, int exit, int exitNode, int prediction, double now);
    /** Ends a request without an answer: withdraws its task still queued, streams its row with
     *  the reason, and stops the simulation after the last request. */
    void Drop(std::uint64_t id, DropReason reason, double now);
    /** The request's work cannot go on at `segment`: a full queue refused its task, or a
     *  message of it was lost. It is dropped now, unless an answer timeout is armed for it:
     *  then, as the source cannot tell this from a slow answer, the timeout answers it with
     *  the fallback exit. Either way the trail notes `segment:reason`. */
    void Lose(std::uint64_t id, DropReason reason, std::size_t segment);

    /** A source calls this when it has issued its last request. */
    void SourceDone();

    /** Estimated seconds to move `bytes` from one node to another: bytes / the link's goodput
     *  as measured on earlier feature messages (an exponentially weighted average), or an
     *  optimistic 100 Mb/s before the first measurement. */
    double TransferSecondsEstimate(int from, int to, std::uint64_t bytes) const;
    /** Feeds a completed feature transfer into the link's goodput estimate. */
    void ObserveTransfer(int from, int to, std::uint64_t bytes, double seconds);
    /** Estimated seconds until `segment`'s exit answers if the request continues from `node`. */
    double NextExitSecondsEstimate(const RequestRecord& record, int node, std::size_t segment);

    std::uint64_t Issued() const { return m_nextId; }
    /** Requests the devices will issue at most (count x devices). */
    std::uint64_t Expected() const { return m_expected; }
    std::uint64_t InFlight() const { return m_inFlight.size(); }
    std::uint64_t Completed() const { return m_completed; }
    std::uint64_t Dropped() const { return m_dropped; }

  private:
    void TimeOut(std::uint64_t id, int transmission);
    /** requests.abandon_after_deadline: drops the request if it is still unanswered. */
    void Abandon(std::uint64_t id);
    /** After a request ended: progress, and the end of the run after the last one. */
    void Ended();

    const Scenario& m_scenario;
    MultiExitModel& m_model;
    const Dataset& m_data;
    Recorder& m_recorder;
    std::function<void(std::uint64_t, std::uint64_t)> m_progress; // may be empty
    std::unique_ptr<ExitPolicy> m_exitPolicy;
    std::unique_ptr<Calibration> m_calibration; // null without a calibration file
    std::map<std::string, std::unique_ptr<TransmissionPolicy>> m_transmissionPolicies; // by mode
    LinkChannels* m_channels = nullptr;
    std::vector<ComputeQueue> m_compute;
    std::vector<ns3::Ipv4Address> m_addresses;
    std::map<std::uint64_t, RequestRecord> m_inFlight;
    std::uint64_t m_nextId = 0;
    std::uint64_t m_completed = 0;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_expected = 0;
    int m_sourcesRunning = 0;
    std::map<std::pair<int, int>, double> m_goodput; // bytes per second, per (from, to)
};

} // namespace eesim

#endif
