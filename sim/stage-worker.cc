#include "stage-worker.h"

#include "channel/feature-codec.h"
#include "nn/loss.h"

#include <ns3/simulator.h>
#include <ns3/uinteger.h>

namespace eesim
{

NS_OBJECT_ENSURE_REGISTERED(StageWorker);

ns3::TypeId
StageWorker::GetTypeId()
{
    static ns3::TypeId tid
        = ns3::TypeId("eesim::StageWorker")
              .SetParent<ns3::Application>()
              .AddConstructor<StageWorker>()
              .AddAttribute(
                  "Port", "TCP port on which the worker accepts feature and result messages.",
                  ns3::UintegerValue(9000), ns3::MakeUintegerAccessor(&StageWorker::m_port),
                  ns3::MakeUintegerChecker<uint16_t>());
    return tid;
}

void
StageWorker::Setup(RunState* state, int node)
{
    m_state = state;
    m_node = node;
}

void
StageWorker::StartApplication()
{
    const Scenario& scenario = m_state->GetScenario();
    m_transport = MessageTransport::Create(scenario.protocol, scenario.udpFragmentBytes);
    m_transport->Start(GetNode(), m_port,
                       [this](WireMessage message) { HandleMessage(std::move(message)); });
}

void
StageWorker::StopApplication()
{
    if (m_transport)
    {
        m_transport->Stop();
    }
}

void
StageWorker::DoDispose()
{
    m_transport.reset();
    ns3::Application::DoDispose();
}

void
StageWorker::HandleMessage(WireMessage message)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    if (!m_state->InFlight(message.request))
    {
        return; // the request was already answered (it timed out): a late message
    }
    RequestRecord& record = m_state->Record(message.request);
    if (message.kind == WireMessage::Kind::kResult)
    {
        record.resultSeconds += now - record.sentAt;
        m_state->Complete(message.request, message.encodingOrExit,
                          m_state->NodeFor(record, message.encodingOrExit),
                          message.segmentOrPrediction, now);
        return;
    }
    record.networkSeconds += now - record.sentAt;
    m_state->ObserveTransfer(record.sentFrom, m_node,
                             message.payload.size() + WireMessage::kHeaderBytes,
                             now - record.sentAt);
    const std::size_t segment = message.segmentOrPrediction;
    // The tensor the next segment sees is decoded from exactly the bytes that crossed the link.
    Tensor input = FeatureCodec::Decode(message.payload.data(), message.payload.size(),
                                        m_state->Model().SegmentInputShape(segment),
                                        FeatureEncoding(message.encodingOrExit));
    RunSegment(message.request, segment, std::move(input));
}

void
StageWorker::Accept(std::uint64_t request, std::size_t segment, Tensor input)
{
    RunSegment(request, segment, std::move(input));
}

void
StageWorker::RunSegment(std::uint64_t request, std::size_t segment, Tensor input)
{
    const std::uint64_t flops = m_state->StageFlops(segment, m_node);
    m_state->Compute(m_node).Submit(
        flops,
        [this, request, segment, flops, input = std::move(input)](double queue, double service)
        {
            if (!m_state->InFlight(request))
            {
                return; // answered meanwhile by a timeout; the work was done for nothing
            }
            RequestRecord& record = m_state->Record(request);
            record.queueSeconds[segment] += queue;
            record.computeSeconds[segment] += service;
            record.flops += flops;
            AfterSegment(request, segment, input);
        });
}

void
StageWorker::AfterSegment(std::uint64_t request, std::size_t segment, const Tensor& input)
{
    MultiExitModel& model = m_state->Model();
    const Tensor features = model.RunSegment(segment, input, Mode::kInference);
    const Tensor logits = model.RunExit(segment, features, Mode::kInference);
    const Tensor probabilities = Softmax(logits);
    RequestRecord& record = m_state->Record(request);
    const double now = ns3::Simulator::Now().GetSeconds();
    const int prediction = ArgMax(logits, 0);
    const std::string at = std::to_string(segment) + ":";

    const bool last = segment + 1 == model.SegmentCount();
    ExitObservation exit;
    exit.exitIndex = int(segment);
    exit.exitCount = int(model.SegmentCount());
    exit.probabilities.assign(probabilities.Data(), probabilities.Data() + probabilities.Size());
    exit.statistics = ExitStatistics::FromProbabilities(exit.probabilities);
    exit.elapsedSeconds = now - record.arrivalSeconds;
    exit.history = record.exitHistory;
    if (m_state->GetScenario().deadlineSeconds > 0)
    {
        exit.deadlineSeconds = m_state->GetScenario().deadlineSeconds;
    }
    if (!last)
    {
        exit.predictedNextExitSeconds
            = m_state->NextExitSecondsEstimate(record, m_node, segment + 1);
    }
    record.exitHistory.push_back(exit.probabilities);
    if (last || m_state->Exit().ShouldExit(exit))
    {
        record.decisions += (record.decisions.empty() ? "" : " ") + at + "exit";
        Finish(request, segment, prediction);
        return;
    }
    record.decisions += (record.decisions.empty() ? "" : " ") + at + "continue";
    const int next = m_state->NodeFor(record, segment + 1);
    if (next == m_node)
    {
        RunSegment(request, segment + 1, features);
        return;
    }
    TransmissionObservation before;
    before.exitIndex = int(segment);
    before.probabilities = exit.probabilities;
    before.statistics = exit.statistics;
    if (!m_state->Transmission().ShouldTransmit(before))
    {
        record.decisions += " " + at + "keep";
        Finish(request, segment, prediction);
        return;
    }
    record.decisions += " " + at + "transmit";
    // If the answer does not come back in time, this exit's answer stands.
    record.fallbackExit = int(segment);
    record.fallbackNode = m_node;
    record.fallbackPrediction = prediction;
    Transmit(request, segment + 1, features, next);
}

void
StageWorker::Transmit(std::uint64_t request, std::size_t segment, const Tensor& features, int to)
{
    const FeatureEncoding encoding = m_state->GetScenario().encoding;
    WireMessage message;
    message.kind = WireMessage::Kind::kFeatures;
    message.encodingOrExit = std::uint8_t(encoding);
    message.segmentOrPrediction = std::uint16_t(segment);
    message.request = request;
    message.payload = FeatureCodec::Encode(features, encoding);
    const auto bytes = message.Serialize();
    RequestRecord& record = m_state->Record(request);
    record.transmitted = true;
    record.sentAt = ns3::Simulator::Now().GetSeconds();
    record.sentFrom = m_node;
    m_state->ArmTimeout(record);
    record.featureBytes += m_transport->Send(m_state->Address(to), bytes);
}

void
StageWorker::Finish(std::uint64_t request, std::size_t exit, int prediction)
{
    RequestRecord& record = m_state->Record(request);
    const double now = ns3::Simulator::Now().GetSeconds();
    if (record.source == m_node)
    {
        m_state->Complete(request, int(exit), m_node, prediction, now);
        return;
    }
    WireMessage message;
    message.kind = WireMessage::Kind::kResult;
    message.encodingOrExit = std::uint8_t(exit);
    message.segmentOrPrediction = std::uint16_t(prediction);
    message.request = request;
    record.sentAt = now;
    record.resultBytes += m_transport->Send(m_state->Address(record.source), message.Serialize());
}

} // namespace eesim
