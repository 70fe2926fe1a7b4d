#include "sim/run-state.h"

#include "base/seed-streams.h"
#include "channel/feature-codec.h"

#include <cmath>
#include <ns3/simulator.h>

namespace eesim
{

RunState::RunState(const Scenario& scenario, MultiExitModel& model, const Dataset& data,
                   Recorder& recorder, std::function<void(std::uint64_t, std::uint64_t)> progress)
    : m_scenario(scenario)
    , m_model(model)
    , m_data(data)
    , m_recorder(recorder)
    , m_progress(std::move(progress))
    , m_exitPolicy(PolicyRegistry::MakeExitPolicy(scenario.exitPolicy, scenario.exitParameters))
    , m_addresses(scenario.nodes.size())
    , m_expected(std::uint64_t(scenario.SourceCount()) * std::uint64_t(scenario.requestCount))
    , m_sourcesRunning(scenario.SourceCount())
{
    if (!scenario.calibrationPath.empty())
    {
        m_calibration = std::make_unique<Calibration>(LoadScenarioCalibration(scenario));
    }
    for (std::size_t i = 0; i < scenario.nodes.size(); ++i)
    {
        // Each node's fluctuation has its own stream of the scenario seed.
        const std::uint64_t seed = StreamSeed(SeedStream::kCapacity, scenario.seed, i);
        m_compute.emplace_back(scenario.nodes[i].capacityGflops,
                               scenario.nodes[i].makeCapacity(seed));
        m_compute.back().SetLimit(std::size_t(scenario.nodes[i].queueLimit));
    }
}

std::uint64_t
RunState::StageFlops(std::size_t segment, int node) const
{
    if (!m_scenario.segmentLatencyS.empty())
    {
        const double capacity = m_scenario.nodes[std::size_t(node)].capacityGflops * 1e9;
        return std::uint64_t(std::llround(m_scenario.segmentLatencyS[segment] * capacity));
    }
    if (!m_scenario.segmentFlops.empty())
    {
        return std::uint64_t(std::llround(m_scenario.segmentFlops[segment]));
    }
    return ScaledFlops(m_model.SegmentFlops(segment) + m_model.ExitFlops(segment));
}

std::uint64_t
RunState::ScaledFlops(std::uint64_t modelFlops) const
{
    return std::uint64_t(std::llround(double(modelFlops) * m_scenario.flopsScale));
}

const TransmissionPolicy&
RunState::TransmissionFor(int from, int to)
{
    const std::string mode = ChannelModeName(m_scenario, from, to);
    auto& policy = m_transmissionPolicies[mode];
    if (!policy)
    {
        policy = PolicyRegistry::MakeTransmissionPolicy(m_scenario.transmissionPolicy,
                                                        m_scenario.transmissionParameters,
                                                        { m_calibration.get(), mode });
    }
    return *policy;
}

RequestRecord&
RunState::Begin(int source, int sample, double now)
{
    RequestRecord record;
    record.id = m_nextId++;
    record.source = source;
    record.sample = sample;
    record.label = m_data.Label(sample);
    record.arrivalSeconds = now;
    record.queueSeconds.assign(m_model.SegmentCount(), 0.0);
    record.computeSeconds.assign(m_model.SegmentCount(), 0.0);
    if (m_scenario.abandonAfterDeadline)
    {
        ns3::Simulator::Schedule(ns3::Seconds(m_scenario.deadlineSeconds), &RunState::Abandon, this,
                                 record.id);
    }
    return m_inFlight.emplace(record.id, std::move(record)).first->second;
}

void
RunState::Abandon(std::uint64_t id)
{
    if (m_inFlight.count(id) != 0)
    {
        Drop(id, DropReason::kDeadlineAbandoned, ns3::Simulator::Now().GetSeconds());
    }
}

RequestRecord&
RunState::Record(std::uint64_t id)
{
    return m_inFlight.at(id);
}

void
RunState::ArmTimeout(RequestRecord& record)
{
    ++record.transmissions;
    if (m_scenario.answerTimeoutSeconds <= 0 || record.fallbackExit < 0)
    {
        return;
    }
    ns3::Simulator::Schedule(ns3::Seconds(m_scenario.answerTimeoutSeconds), &RunState::TimeOut,
                             this, record.id, record.transmissions);
}

void
RunState::TimeOut(std::uint64_t id, int transmission)
{
    auto it = m_inFlight.find(id);
    if (it == m_inFlight.end() || it->second.transmissions != transmission)
    {
        return; // answered already, or a later transmission armed a new timeout
    }
    RequestRecord& record = it->second;
    record.timedOut = true;
    record.decisions += " " + std::to_string(record.fallbackExit) + ":timeout";
    Complete(id, record.fallbackExit, record.fallbackNode, record.fallbackPrediction,
             ns3::Simulator::Now().GetSeconds());
}

double
RunState::TransferSecondsEstimate(int from, int to, std::uint64_t bytes) const
{
    constexpr double kInitialGoodput = 100e6 / 8;
    const auto it = m_goodput.find({ from, to });
    return double(bytes) / (it == m_goodput.end() ? kInitialGoodput : it->second);
}

void
RunState::ObserveTransfer(int from, int to, std::uint64_t bytes, double seconds)
{
    constexpr double kWeight = 0.2; // of the newest measurement
    if (seconds <= 0)
    {
        return;
    }
    const double goodput = double(bytes) / seconds;
    auto [it, inserted] = m_goodput.emplace(std::make_pair(from, to), goodput);
    if (!inserted)
    {
        it->second = (1 - kWeight) * it->second + kWeight * goodput;
    }
}

double
RunState::NextExitSecondsEstimate(const RequestRecord& record, int node, std::size_t segment)
{
    const int next = NodeFor(record, segment);
    const std::uint64_t flops = StageFlops(segment, next);
    double seconds = Compute(next).BacklogSeconds() + Compute(next).ServiceSeconds(flops);
    if (next != node)
    {
        // What crosses the link: the bottleneck's symbols, or the segment output.
        const std::size_t elements = m_model.LinkShape(segment - 1).Count();
        const std::uint64_t bytes = FeatureCodec::EncodedBytes(m_scenario.encoding, elements);
        seconds += (m_scenario.channel.IsAnalog(node, next)
                        ? double(elements) / m_scenario.channel.symbolRate
                        : TransferSecondsEstimate(node, next, bytes))
                   + Compute(node).ServiceSeconds(ScaledFlops(m_model.EncoderFlops(segment - 1)))
                   + Compute(next).ServiceSeconds(ScaledFlops(m_model.DecoderFlops(segment - 1)));
    }
    return seconds;
}

void
RunState::SourceDone()
{
    --m_sourcesRunning;
    if (m_sourcesRunning == 0 && m_inFlight.empty())
    {
        ns3::Simulator::Stop();
    }
}

int
RunState::NodeFor(const RequestRecord& record, std::size_t segment) const
{
    const int node = m_scenario.placement.at(segment);
    return node < 0 ? record.source : node;
}

void
RunState::Complete(std::uint64_t id, int exit, int exitNode, int prediction, double now)
{
    auto it = m_inFlight.find(id);
    RequestRecord& record = it->second;
    record.exitIndex = exit;
    record.exitNode = exitNode;
    record.prediction = prediction;
    record.doneSeconds = now;
    m_recorder.Record(record);
    m_inFlight.erase(it);
    ++m_completed;
    Ended();
}

void
RunState::Drop(std::uint64_t id, DropReason reason, double now)
{
    auto it = m_inFlight.find(id);
    RequestRecord& record = it->second;
    if (record.queuedOn >= 0)
    {
        // Nodes know a request's fate (an abandoned one carries its deadline), so work not yet
        // started is not done for nothing.
        Compute(record.queuedOn).Withdraw(id);
    }
    record.doneSeconds = now;
    m_recorder.RecordDrop(record, reason);
    m_inFlight.erase(it);
    ++m_dropped;
    Ended();
}

void
RunState::Lose(std::uint64_t id, DropReason reason, std::size_t segment)
{
    RequestRecord& record = m_inFlight.at(id);
    record.decisions += (record.decisions.empty() ? "" : " ") + std::to_string(segment) + ":"
                        + DropReasonName(reason);
    const bool timeoutArmed = m_scenario.answerTimeoutSeconds > 0 && record.fallbackExit >= 0
                              && record.transmissions > 0;
    if (!timeoutArmed)
    {
        Drop(id, reason, ns3::Simulator::Now().GetSeconds());
    }
}

void
RunState::Ended()
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
