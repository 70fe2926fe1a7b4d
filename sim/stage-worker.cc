#include "stage-worker.h"

#include "channel/feature-codec.h"
#include "nn/loss.h"

#include <ns3/inet-socket-address.h>
#include <ns3/packet.h>
#include <ns3/simulator.h>
#include <ns3/tcp-socket-factory.h>
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
    m_listener = ns3::Socket::CreateSocket(GetNode(), ns3::TcpSocketFactory::GetTypeId());
    m_listener->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), m_port));
    m_listener->Listen();
    m_listener->SetAcceptCallback(
        ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
        ns3::MakeCallback(&StageWorker::HandleAccept, this));
}

void
StageWorker::StopApplication()
{
    if (m_listener)
    {
        m_listener->Close();
    }
    for (auto& [socket, reassembler] : m_incoming)
    {
        socket->Close();
    }
    for (auto& [peer, connection] : m_outgoing)
    {
        connection.socket->Close();
    }
}

void
StageWorker::DoDispose()
{
    m_listener = nullptr;
    m_incoming.clear();
    m_outgoing.clear();
    m_peers.clear();
    ns3::Application::DoDispose();
}

void
StageWorker::HandleAccept(ns3::Ptr<ns3::Socket> socket, const ns3::Address& /*from*/)
{
    socket->SetRecvCallback(ns3::MakeCallback(&StageWorker::HandleRead, this));
    m_incoming[socket];
}

void
StageWorker::HandleRead(ns3::Ptr<ns3::Socket> socket)
{
    FrameReassembler& reassembler = m_incoming[socket];
    while (ns3::Ptr<ns3::Packet> packet = socket->Recv())
    {
        std::vector<std::uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        reassembler.Append(bytes.data(), bytes.size());
    }
    while (auto message = reassembler.Next())
    {
        HandleMessage(std::move(*message));
    }
}

void
StageWorker::HandleMessage(WireMessage message)
{
    const double now = ns3::Simulator::Now().GetSeconds();
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
    MultiExitModel& model = m_state->Model();
    const std::uint64_t flops = model.SegmentFlops(segment) + model.ExitFlops(segment);
    m_state->Compute(m_node).Submit(
        flops,
        [this, request, segment, input = std::move(input)](double queue, double service)
        {
            RequestRecord& record = m_state->Record(request);
            record.queueSeconds[segment] += queue;
            record.computeSeconds[segment] += service;
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
    record.featureBytes += bytes.size();
    record.sentAt = ns3::Simulator::Now().GetSeconds();
    Send(to, bytes);
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
    const auto bytes = message.Serialize();
    record.resultBytes += bytes.size();
    record.sentAt = now;
    Send(record.source, bytes);
}

void
StageWorker::Send(int to, const std::vector<std::uint8_t>& bytes)
{
    Connection& connection = m_outgoing[to];
    connection.pending.insert(connection.pending.end(), bytes.begin(), bytes.end());
    if (!connection.socket)
    {
        connection.socket
            = ns3::Socket::CreateSocket(GetNode(), ns3::TcpSocketFactory::GetTypeId());
        connection.socket->Bind();
        connection.socket->SetConnectCallback(
            ns3::MakeCallback(&StageWorker::HandleConnected, this),
            ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
        connection.socket->SetSendCallback(ns3::MakeCallback(&StageWorker::HandleSendReady, this));
        m_peers[connection.socket] = to;
        connection.socket->Connect(ns3::InetSocketAddress(m_state->Address(to), m_port));
        return;
    }
    Flush(to);
}

void
StageWorker::HandleConnected(ns3::Ptr<ns3::Socket> socket)
{
    const int to = m_peers.at(socket);
    m_outgoing[to].connected = true;
    Flush(to);
}

void
StageWorker::HandleSendReady(ns3::Ptr<ns3::Socket> socket, uint32_t /*available*/)
{
    Flush(m_peers.at(socket));
}

void
StageWorker::Flush(int to)
{
    Connection& connection = m_outgoing[to];
    if (!connection.connected)
    {
        return;
    }
    while (!connection.pending.empty())
    {
        const std::uint32_t room = connection.socket->GetTxAvailable();
        const auto chunk = std::uint32_t(std::min<std::size_t>(room, connection.pending.size()));
        if (chunk == 0)
        {
            return; // the send callback calls again when TCP has room
        }
        const int sent
            = connection.socket->Send(ns3::Create<ns3::Packet>(connection.pending.data(), chunk));
        if (sent <= 0)
        {
            return;
        }
        connection.pending.erase(connection.pending.begin(), connection.pending.begin() + sent);
    }
}

} // namespace eesim
