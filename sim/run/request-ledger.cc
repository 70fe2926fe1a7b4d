#include "sim/run/request-ledger.h"

#include <ns3/simulator.h>

namespace eesim
{

RequestLedger::RequestLedger(Recorder& recorder, std::vector<ComputeQueue>& compute,
                             const Settings& settings, Progress progress)
    : m_recorder(recorder)
    , m_compute(compute)
    , m_settings(settings)
    , m_progress(std::move(progress))
{
}

void
RequestLedger::AddSource(std::uint64_t requests)
{
    ++m_sourcesRunning;
    m_expected += requests;
}

void
RequestLedger::SourceDone()
{
    --m_sourcesRunning;
    if (m_sourcesRunning == 0 && m_inFlight.empty())
    {
        ns3::Simulator::Stop();
    }
}

InFlightRequest&
RequestLedger::Begin(int source, int sample, int label, double now)
{
    InFlightRequest request;
    RequestRecord& row = request.row;
    row.id = m_nextId++;
    row.source = source;
    row.sample = sample;
    row.label = label;
    row.arrivalSeconds = now;
    row.queueSeconds.assign(m_settings.segments, 0.0);
    row.computeSeconds.assign(m_settings.segments, 0.0);
    if (m_settings.abandonAtDeadline)
    {
        ns3::Simulator::Schedule(ns3::Seconds(m_settings.deadlineSeconds), &RequestLedger::Abandon,
                                 this, row.id);
    }
    return m_inFlight.emplace(row.id, std::move(request)).first->second;
}

void
RequestLedger::Abandon(std::uint64_t id)
{
    if (InFlight(id))
    {
        Drop(id, DropReason::kDeadlineAbandoned, ns3::Simulator::Now().GetSeconds());
    }
}

void
RequestLedger::ArmTimeout(InFlightRequest& request)
{
    ++request.transmissions;
    if (m_settings.answerTimeoutSeconds <= 0 || request.fallback.exit < 0)
    {
        return;
    }
    ns3::Simulator::Schedule(ns3::Seconds(m_settings.answerTimeoutSeconds), &RequestLedger::TimeOut,
                             this, request.row.id, request.transmissions);
}

void
RequestLedger::TimeOut(std::uint64_t id, int transmission)
{
    auto it = m_inFlight.find(id);
    if (it == m_inFlight.end() || it->second.transmissions != transmission)
    {
        return; // answered already, or a later transmission armed a new timeout
    }
    InFlightRequest& request = it->second;
    request.row.timedOut = true;
    request.row.AddDecision(std::to_string(request.fallback.exit) + ":timeout");
    Complete(id, request.fallback, ns3::Simulator::Now().GetSeconds());
}

void
RequestLedger::Complete(std::uint64_t id, const InFlightRequest::Answer& answer, double now)
{
    auto it = m_inFlight.find(id);
    RequestRecord& row = it->second.row;
    row.exitIndex = answer.exit;
    row.exitNode = answer.node;
    row.prediction = answer.prediction;
    row.doneSeconds = now;
    m_recorder.Record(row);
    m_inFlight.erase(it);
    ++m_completed;
    Ended();
}

void
RequestLedger::Drop(std::uint64_t id, DropReason reason, double now)
{
    auto it = m_inFlight.find(id);
    if (it->second.queuedOn >= 0)
    {
        // Nodes know a request's fate (an abandoned one carries its deadline), so work not yet
        // started is not done for nothing.
        m_compute[std::size_t(it->second.queuedOn)].Withdraw(id);
    }
    RequestRecord& row = it->second.row;
    row.doneSeconds = now;
    m_recorder.RecordDrop(row, reason);
    m_inFlight.erase(it);
    ++m_dropped;
    Ended();
}

void
RequestLedger::Lose(std::uint64_t id, DropReason reason, std::size_t segment)
{
    InFlightRequest& request = m_inFlight.at(id);
    request.row.AddDecision(std::to_string(segment) + ":" + DropReasonName(reason));
    const bool timeoutArmed = m_settings.answerTimeoutSeconds > 0 && request.fallback.exit >= 0
                              && request.transmissions > 0;
    if (!timeoutArmed)
    {
        Drop(id, reason, ns3::Simulator::Now().GetSeconds());
    }
}

void
RequestLedger::Ended()
{
    if (m_progress)
    {
        m_progress(m_completed + m_dropped, m_expected);
    }
    if (m_sourcesRunning == 0 && m_inFlight.empty())
    {
        ns3::Simulator::Stop();
    }
}

} // namespace eesim
