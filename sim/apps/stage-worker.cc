#include "sim/apps/stage-worker.h"

#include "channel/analog-noise-tag.h"
#include "channel/feature-codec.h"
#include "channel/symbol-packet.h"
#include "nn/loss.h"
#include "sim/apps/transmission-decision.h"

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
    m_transport->SetLossCallback([this](const WireMessage& header) { HandleLoss(header); });
    m_transport->Start(GetNode(), m_port,
                       [this](WireMessage message) { HandleMessage(std::move(message)); });
    for (const auto& device : m_state->Channels().AnalogReceivers(m_node))
    {
        GetNode()->RegisterProtocolHandler(ns3::MakeCallback(&StageWorker::ReceiveSymbols, this),
                                           kSymbolProtocol, device);
        device->TraceConnectWithoutContext("RxSnr",
                                           ns3::MakeCallback(&StageWorker::NoteSymbolSnr, this));
    }
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
    record.snrDb = m_state->Channels().LastWifiSnrDb(m_node, record.sentFrom);
    m_state->ObserveTransfer(record.sentFrom, m_node,
                             message.payload.size() + WireMessage::kHeaderBytes,
                             now - record.sentAt);
    const std::size_t segment = message.segmentOrPrediction;
    // The tensor the next segment sees is decoded from exactly the bytes that crossed the link.
    Tensor input
        = FeatureCodec::Decode(message.payload.data(), message.payload.size(),
                               LinkInputShape(segment), FeatureEncoding(message.encodingOrExit));
    RunSegment(message.request, segment, std::move(input), true);
}

void
StageWorker::HandleLoss(const WireMessage& header)
{
    if (!m_state->InFlight(header.request))
    {
        return; // answered or dropped meanwhile
    }
    const bool features = header.kind == WireMessage::Kind::kFeatures;
    m_state->Lose(header.request, DropReason::kMessageLost,
                  features ? header.segmentOrPrediction : header.encodingOrExit);
}

void
StageWorker::Enqueue(std::uint64_t request, std::size_t segment, std::uint64_t flops,
                     ComputeQueue::Done done)
{
    auto whenDone = [this, request, done = std::move(done)](double queue, double service)
    {
        if (!m_state->InFlight(request))
        {
            return; // answered (timed out) or dropped meanwhile; the work was done for nothing
        }
        m_state->Record(request).queuedOn = -1;
        done(queue, service);
    };
    if (!m_state->Compute(m_node).Submit(flops, std::move(whenDone), request))
    {
        m_state->Lose(request, DropReason::kQueueFull, segment);
        return;
    }
    m_state->Record(request).queuedOn = m_node;
}

SampleShape
StageWorker::LinkInputShape(std::size_t segment) const
{
    MultiExitModel& model = m_state->Model();
    return segment == 0 ? model.InputShape() : model.LinkShape(segment - 1);
}

bool
StageWorker::CrossesBottleneck(std::size_t segment) const
{
    return segment > 0 && m_state->Model().HasBottleneck(segment - 1);
}

void
StageWorker::Accept(std::uint64_t request, std::size_t segment, Tensor input)
{
    RunSegment(request, segment, std::move(input), false);
}

void
StageWorker::RunSegment(std::uint64_t request, std::size_t segment, Tensor input, bool fromLink)
{
    // Symbols that came over a bottleneck are decoded here, as part of this stage's work.
    const bool decode = fromLink && CrossesBottleneck(segment);
    MultiExitModel& model = m_state->Model();
    const std::uint64_t flops
        = m_state->StageFlops(segment, m_node)
          + (decode ? m_state->ScaledFlops(model.DecoderFlops(segment - 1)) : 0);
    Enqueue(request, segment, flops,
            [this, request, segment, flops, decode, input = std::move(input)](double queue,
                                                                              double service)
            {
                RequestRecord& record = m_state->Record(request);
                record.queueSeconds[segment] += queue;
                record.computeSeconds[segment] += service;
                record.flops += flops;
                ChargeDeviceEnergy(record, service);
                AfterSegment(request, segment,
                             decode ? m_state->Model().Decode(segment - 1, input, Mode::kInference)
                                    : input);
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
        RunSegment(request, segment + 1, features, false);
        return;
    }
    if (!DecideTransmission(*m_state, record, segment, features, exit, prediction, m_node, next))
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
    if (!CrossesBottleneck(segment))
    {
        Send(request, segment, features, to);
        return;
    }
    // The bottleneck's encoder runs here first, on this node's compute queue.
    const std::uint64_t flops = m_state->ScaledFlops(m_state->Model().EncoderFlops(segment - 1));
    Enqueue(request, segment - 1, flops,
            [this, request, segment, flops, features, to](double queue, double service)
            {
                RequestRecord& record = m_state->Record(request);
                record.queueSeconds[segment - 1] += queue;
                record.computeSeconds[segment - 1] += service;
                record.flops += flops;
                ChargeDeviceEnergy(record, service);
                Send(request, segment,
                     m_state->Model().Encode(segment - 1, features, Mode::kInference), to);
            });
}

void
StageWorker::Send(std::uint64_t request, std::size_t segment, const Tensor& features, int to)
{
    RequestRecord& record = m_state->Record(request);
    record.transmitted = true;
    record.sentAt = ns3::Simulator::Now().GetSeconds();
    record.sentFrom = m_node;
    record.sentFor = segment;
    m_state->ArmTimeout(record);
    if (m_state->GetScenario().channel.IsAnalog(m_node, to))
    {
        SendSymbols(record, features, to);
        return;
    }
    const FeatureEncoding encoding = m_state->GetScenario().encoding;
    WireMessage message;
    message.kind = WireMessage::Kind::kFeatures;
    message.encodingOrExit = std::uint8_t(encoding);
    message.segmentOrPrediction = std::uint16_t(segment);
    message.request = request;
    message.payload = FeatureCodec::Encode(features, encoding);
    record.featureBytes += m_transport->Send(m_state->Address(to), message.Serialize());
}

void
StageWorker::SendSymbols(RequestRecord& record, const Tensor& symbols, int to)
{
    // The symbols are the packet; the request id rides along as the frame's control
    // information (a tag), and also selects the noise this transmission will meet.
    ns3::Ptr<ns3::Packet> packet = MakeSymbolPacket(symbols.Data(), symbols.Size());
    packet->AddPacketTag(AnalogNoiseTag(record.id));
    ns3::Ptr<AnalogNetDevice> device = m_state->Channels().AnalogSender(m_node, to);
    device->Send(packet, device->GetBroadcast(), kSymbolProtocol);
    record.symbols += symbols.Size();
    const ChannelConfig& channel = m_state->GetScenario().channel;
    if (!m_state->GetScenario().nodes[std::size_t(m_node)].isServer)
    {
        record.radioTxJoules
            += m_state->Channels().AnalogTxWatts() * double(symbols.Size()) / channel.symbolRate;
    }
}

void
StageWorker::ReceiveSymbols(ns3::Ptr<ns3::NetDevice> /*device*/, ns3::Ptr<const ns3::Packet> packet,
                            uint16_t /*protocol*/, const ns3::Address& /*from*/,
                            const ns3::Address& /*to*/, ns3::NetDevice::PacketType /*type*/)
{
    AnalogNoiseTag tag;
    if (!packet->PeekPacketTag(tag) || !m_state->InFlight(tag.GetKey()))
    {
        return; // the request was answered meanwhile (it timed out)
    }
    RequestRecord& record = m_state->Record(tag.GetKey());
    const double now = ns3::Simulator::Now().GetSeconds();
    record.networkSeconds += now - record.sentAt;
    const std::vector<float> symbols = ReadSymbols(packet);
    Tensor input(1, LinkInputShape(record.sentFor));
    std::copy(symbols.begin(), symbols.end(), input.Data());
    RunSegment(record.id, record.sentFor, std::move(input), true);
}

void
StageWorker::NoteSymbolSnr(ns3::Ptr<const ns3::Packet> packet, double snrDb)
{
    AnalogNoiseTag tag;
    if (packet->PeekPacketTag(tag) && m_state->InFlight(tag.GetKey()))
    {
        m_state->Record(tag.GetKey()).snrDb = snrDb;
    }
}

void
StageWorker::ChargeDeviceEnergy(RequestRecord& record, double serviceSeconds) const
{
    const NodeConfig& node = m_state->GetScenario().nodes[std::size_t(m_node)];
    if (!node.isServer)
    {
        record.deviceComputeJoules += serviceSeconds * node.busyWatts;
    }
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
