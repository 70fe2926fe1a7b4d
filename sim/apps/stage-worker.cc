#include "sim/apps/stage-worker.h"

#include "channel/symbol-noise-tag.h"
#include "channel/symbol-packet.h"
#include "nn/loss.h"

#include <ns3/boolean.h>
#include <ns3/double.h>
#include <ns3/enum.h>
#include <ns3/simulator.h>
#include <ns3/uinteger.h>
#include <stdexcept>

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
              .AddAttribute("Port", "Port on which the worker accepts feature and result messages.",
                            ns3::UintegerValue(9000),
                            ns3::MakeUintegerAccessor(&StageWorker::m_port),
                            ns3::MakeUintegerChecker<uint16_t>())
              .AddAttribute(
                  "Protocol", "Transport of feature and result messages: tcp or udp.",
                  ns3::EnumValue(int(TransportProtocol::kTcp)),
                  ns3::MakeEnumAccessor(&StageWorker::SetProtocol, &StageWorker::GetProtocol),
                  ns3::MakeEnumChecker(int(TransportProtocol::kTcp), "tcp",
                                       int(TransportProtocol::kUdp), "udp"))
              .AddAttribute("UdpFragmentBytes",
                            "Message bytes per UDP datagram, before the 12-byte fragment header.",
                            ns3::UintegerValue(1400),
                            ns3::MakeUintegerAccessor(&StageWorker::m_fragmentBytes),
                            ns3::MakeUintegerChecker<uint32_t>(1, 65495))
              .AddAttribute(
                  "Encoding", "How feature tensors are encoded on digital links.",
                  ns3::EnumValue(int(FeatureEncoding::kFloat32)),
                  ns3::MakeEnumAccessor(&StageWorker::SetEncoding, &StageWorker::GetEncoding),
                  ns3::MakeEnumChecker(int(FeatureEncoding::kFloat32), "float32",
                                       int(FeatureEncoding::kFloat16), "float16",
                                       int(FeatureEncoding::kInt8), "int8"))
              // Seconds as a double, not an ns3::Time: exit policies compare it with elapsed
              // times computed in double precision, and ns3::Time would round a deadline that
              // is not a whole number of nanoseconds (1/3 s becomes 0.333333333 s).
              .AddAttribute("DeadlineSeconds",
                            "Per-request deadline the exit policy is told about (s); 0 = none.",
                            ns3::DoubleValue(0.0),
                            ns3::MakeDoubleAccessor(&StageWorker::m_deadlineSeconds),
                            ns3::MakeDoubleChecker<double>(0.0))
              .AddAttribute("IsDevice",
                            "Whether the node is a device rather than a server: the energy of "
                            "its compute and of its symbol transmissions is charged to the "
                            "requests it serves.",
                            ns3::BooleanValue(true),
                            ns3::MakeBooleanAccessor(&StageWorker::m_isDevice),
                            ns3::MakeBooleanChecker())
              .AddAttribute("BusyPower", "Power the node draws while computing (W).",
                            ns3::DoubleValue(0.0),
                            ns3::MakeDoubleAccessor(&StageWorker::m_busyWatts),
                            ns3::MakeDoubleChecker<double>(0.0));
    return tid;
}

void
StageWorker::Setup(int node, const Parts& parts)
{
    m_node = node;
    m_parts = parts;
}

void
StageWorker::StartApplication()
{
    m_decision.emplace(*m_parts.model, *m_parts.policies, *m_parts.channels, m_encoding);
    if (m_parts.compute->Batches())
    {
        m_parts.compute->OnBatchDone(
            [this](std::size_t key, const std::vector<BatchFormer::Item>& items, double start,
                   double service) { RunBatch(key, items, start, service); });
    }
    m_transport = MessageTransport::Create(m_protocol, int(m_fragmentBytes));
    m_transport->SetLossCallback([this](const WireMessage& header) { HandleLoss(header); });
    m_transport->Start(GetNode(), m_port,
                       [this](WireMessage message) { HandleMessage(std::move(message)); });
    for (const auto& device : m_parts.channels->SymbolReceivers(m_node))
    {
        GetNode()->RegisterProtocolHandler(ns3::MakeCallback(&StageWorker::ReceiveSymbols, this),
                                           kSymbolProtocol, device);
        if (!device->TraceConnectWithoutContext(
                "RxSnr", ns3::MakeCallback(&StageWorker::NoteSymbolSnr, this)))
        {
            throw std::logic_error("a symbol receiver (" + device->GetInstanceTypeId().GetName()
                                   + ") has no RxSnr trace source");
        }
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
    m_decision.reset();
    m_parts = Parts();
    ns3::Application::DoDispose();
}

void
StageWorker::HandleMessage(WireMessage message)
{
    const double now = ns3::Simulator::Now().GetSeconds();
    RequestLedger& requests = *m_parts.requests;
    if (!requests.InFlight(message.request))
    {
        return; // the request was already answered (it timed out): a late message
    }
    InFlightRequest& request = requests.Get(message.request);
    if (message.kind == WireMessage::Kind::kResult)
    {
        request.row.resultSeconds += now - request.sentAt;
        const int exit = message.encodingOrExit;
        requests.Complete(message.request,
                          { exit, m_parts.router->NodeOf(request, std::size_t(exit)),
                            message.segmentOrPrediction },
                          now);
        return;
    }
    request.row.networkSeconds += now - request.sentAt;
    request.row.snrDb = m_parts.channels->ReceivedSnrDb(m_node, request.sentFrom);
    m_parts.estimator->ObserveTransfer(request.sentFrom, m_node,
                                       message.payload.size() + WireMessage::kHeaderBytes,
                                       now - request.sentAt);
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
    if (!m_parts.requests->InFlight(header.request))
    {
        return; // answered or dropped meanwhile
    }
    const bool features = header.kind == WireMessage::Kind::kFeatures;
    m_parts.requests->Lose(header.request, DropReason::kMessageLost,
                           features ? header.segmentOrPrediction : header.encodingOrExit);
}

void
StageWorker::Enqueue(std::uint64_t request, std::size_t segment, std::uint64_t flops,
                     ComputeQueue::Done done)
{
    RequestLedger& requests = *m_parts.requests;
    auto whenDone = [&requests, request, done = std::move(done)](double queue, double service)
    {
        if (!requests.InFlight(request))
        {
            return; // answered (timed out) or dropped meanwhile; the work was done for nothing
        }
        requests.Get(request).queuedOn = -1;
        done(queue, service);
    };
    if (!m_parts.compute->Submit(flops, std::move(whenDone), request))
    {
        requests.Lose(request, DropReason::kQueueFull, segment);
        return;
    }
    requests.Get(request).queuedOn = m_node;
}

void
StageWorker::BookTask(RequestRecord& row, std::size_t segment, std::uint64_t flops, double queue,
                      double service, std::size_t batch) const
{
    row.queueSeconds[segment] += queue;
    row.computeSeconds[segment] += service;
    row.flops += flops;
    if (m_isDevice)
    {
        row.deviceComputeJoules += service * m_busyWatts / double(batch);
    }
}

SampleShape
StageWorker::LinkInputShape(std::size_t segment) const
{
    const MultiExitModel& model = *m_parts.model;
    return segment == 0 ? model.InputShape() : model.LinkShape(segment - 1);
}

bool
StageWorker::CrossesBottleneck(std::size_t segment) const
{
    return segment > 0 && m_parts.model->HasBottleneck(segment - 1);
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
    const CostModel& costs = *m_parts.costs;
    const std::uint64_t flops
        = costs.StageFlops(segment, m_node)
          + (decode ? costs.ScaledFlops(m_parts.model->DecoderFlops(segment - 1)) : 0);
    if (m_parts.compute->Batches())
    {
        JoinBatch(request, segment, std::move(input), decode, flops);
        return;
    }
    Enqueue(request, segment, flops,
            [this, request, segment, flops, decode, input = std::move(input)](double queue,
                                                                              double service)
            {
                BookTask(m_parts.requests->Get(request).row, segment, flops, queue, service);
                AfterSegment(request, segment,
                             decode ? m_parts.model->Decode(segment - 1, input, Mode::kInference)
                                    : input);
            });
}

void
StageWorker::JoinBatch(std::uint64_t request, std::size_t segment, Tensor input, bool decode,
                       std::uint64_t flops)
{
    RequestLedger& requests = *m_parts.requests;
    // Inputs that came over a bottleneck batch apart from those that did not: their batch runs
    // the decoder first. The key says which.
    const std::size_t key = 2 * segment + (decode ? 1 : 0);
    if (!m_parts.compute->SubmitToBatch(key, flops, request))
    {
        requests.Lose(request, DropReason::kQueueFull, segment);
        return;
    }
    m_batchInputs[request] = { std::move(input), decode, flops };
    requests.Get(request).queuedOn = m_node;
}

void
StageWorker::RunBatch(std::size_t key, const std::vector<BatchFormer::Item>& items, double start,
                      double service)
{
    const std::size_t segment = key / 2;
    const bool decode = key % 2 == 1;
    RequestLedger& requests = *m_parts.requests;
    std::vector<std::uint64_t> members;
    std::vector<Tensor> inputs;
    for (const BatchFormer::Item& item : items)
    {
        const auto waiting = m_batchInputs.find(item.owner);
        if (waiting == m_batchInputs.end() || !requests.InFlight(item.owner))
        {
            continue; // ended while its batch ran: its share was computed for nothing
        }
        InFlightRequest& request = requests.Get(item.owner);
        request.queuedOn = -1;
        BookTask(request.row, segment, waiting->second.flops, start - item.arrivedAt, service,
                 items.size());
        members.push_back(item.owner);
        inputs.push_back(std::move(waiting->second.input));
        m_batchInputs.erase(waiting);
    }
    ForgetEndedInputs();
    if (members.empty())
    {
        return;
    }
    MultiExitModel& model = *m_parts.model;
    Tensor batch = Tensor::Concatenate(inputs);
    if (decode)
    {
        batch = model.Decode(segment - 1, batch, Mode::kInference);
    }
    const Tensor features = model.RunSegment(segment, batch, Mode::kInference);
    const Tensor logits = model.RunExit(segment, features, Mode::kInference);
    for (std::size_t n = 0; n < members.size(); ++n)
    {
        // A decision may end a request, or queue its next segment here for a later batch.
        if (requests.InFlight(members[n]))
        {
            Decide(members[n], segment, features.SampleCopy(int(n)), logits.SampleCopy(int(n)));
        }
    }
}

void
StageWorker::ForgetEndedInputs()
{
    for (auto it = m_batchInputs.begin(); it != m_batchInputs.end();)
    {
        it = m_parts.requests->InFlight(it->first) ? std::next(it) : m_batchInputs.erase(it);
    }
}

ExitObservation
StageWorker::Observe(InFlightRequest& request, std::size_t segment, const Tensor& probabilities)
{
    const std::size_t exits = m_parts.model->SegmentCount();
    ExitObservation exit;
    exit.exitIndex = int(segment);
    exit.exitCount = int(exits);
    exit.probabilities.assign(probabilities.Data(), probabilities.Data() + probabilities.Size());
    exit.statistics = ExitStatistics::FromProbabilities(exit.probabilities);
    exit.elapsedSeconds = ns3::Simulator::Now().GetSeconds() - request.row.arrivalSeconds;
    exit.history = request.exitHistory;
    if (m_deadlineSeconds > 0)
    {
        exit.deadlineSeconds = m_deadlineSeconds;
    }
    if (segment + 1 < exits)
    {
        exit.predictedNextExitSeconds = m_parts.estimator->NextExitSecondsEstimate(
            m_node, m_parts.router->NodeFor(request, segment + 1, m_node), segment + 1);
    }
    return exit;
}

void
StageWorker::AfterSegment(std::uint64_t id, std::size_t segment, const Tensor& input)
{
    MultiExitModel& model = *m_parts.model;
    const Tensor features = model.RunSegment(segment, input, Mode::kInference);
    Decide(id, segment, features, model.RunExit(segment, features, Mode::kInference));
}

void
StageWorker::Decide(std::uint64_t id, std::size_t segment, const Tensor& features,
                    const Tensor& logits)
{
    const MultiExitModel& model = *m_parts.model;
    InFlightRequest& request = m_parts.requests->Get(id);
    const int prediction = ArgMax(logits, 0);
    const std::string at = std::to_string(segment) + ":";

    const bool last = segment + 1 == model.SegmentCount();
    const ExitObservation exit = Observe(request, segment, Softmax(logits));
    request.exitHistory.push_back(exit.probabilities);
    if (last || m_parts.policies->Exit().ShouldExit(exit))
    {
        request.row.AddDecision(at + "exit");
        Finish(id, segment, prediction);
        return;
    }
    request.row.AddDecision(at + "continue");
    const int next = m_parts.router->NodeFor(request, segment + 1, m_node);
    if (next == m_node)
    {
        RunSegment(id, segment + 1, features, false);
        return;
    }
    if (!m_decision->Decide(request.row, segment, features, exit, prediction, m_node, next))
    {
        request.row.AddDecision(at + "keep");
        Finish(id, segment, prediction);
        return;
    }
    request.row.AddDecision(at + "transmit");
    // If the answer does not come back in time, this exit's answer stands.
    request.fallback = { int(segment), m_node, prediction };
    Transmit(id, segment + 1, features, next);
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
    const std::uint64_t flops
        = m_parts.costs->ScaledFlops(m_parts.model->EncoderFlops(segment - 1));
    Enqueue(request, segment - 1, flops,
            [this, request, segment, flops, features, to](double queue, double service)
            {
                BookTask(m_parts.requests->Get(request).row, segment - 1, flops, queue, service);
                Send(request, segment,
                     m_parts.model->Encode(segment - 1, features, Mode::kInference), to);
            });
}

void
StageWorker::Send(std::uint64_t id, std::size_t segment, const Tensor& features, int to)
{
    InFlightRequest& request = m_parts.requests->Get(id);
    request.row.transmitted = true;
    request.sentAt = ns3::Simulator::Now().GetSeconds();
    request.sentFrom = m_node;
    request.sentFor = segment;
    m_parts.requests->ArmTimeout(request);
    if (m_parts.channels->CarriesSymbols(m_node, to))
    {
        m_parts.router->NoteSent(segment, m_node, to, 0);
        SendSymbols(request, features, to);
        return;
    }
    WireMessage message;
    message.kind = WireMessage::Kind::kFeatures;
    message.encodingOrExit = std::uint8_t(m_encoding);
    message.segmentOrPrediction = std::uint16_t(segment);
    message.request = id;
    message.payload = FeatureCodec::Encode(features, m_encoding);
    const std::uint64_t bytes = m_transport->Send(PeerAddress(to), message.Serialize());
    request.row.featureBytes += bytes;
    m_parts.router->NoteSent(segment, m_node, to, bytes);
}

void
StageWorker::SendSymbols(InFlightRequest& request, const Tensor& symbols, int to)
{
    // The symbols are the packet; the request id rides along as the frame's control
    // information (a tag), and also selects the noise this transmission will meet.
    ns3::Ptr<ns3::Packet> packet = MakeSymbolPacket(symbols.Data(), symbols.Size());
    packet->AddPacketTag(SymbolNoiseTag(request.row.id));
    const LinkChannels& channels = *m_parts.channels;
    ns3::Ptr<ns3::NetDevice> device = channels.SymbolSender(m_node, to);
    device->Send(packet, device->GetBroadcast(), kSymbolProtocol);
    request.row.symbols += symbols.Size();
    if (m_isDevice)
    {
        request.row.radioTxJoules += channels.SymbolTxWatts(m_node, to) * double(symbols.Size())
                                     / channels.SymbolRate(m_node, to);
    }
}

void
StageWorker::ReceiveSymbols(ns3::Ptr<ns3::NetDevice> /*device*/, ns3::Ptr<const ns3::Packet> packet,
                            uint16_t /*protocol*/, const ns3::Address& /*from*/,
                            const ns3::Address& /*to*/, ns3::NetDevice::PacketType /*type*/)
{
    SymbolNoiseTag tag;
    if (!packet->PeekPacketTag(tag) || !m_parts.requests->InFlight(tag.GetKey()))
    {
        return; // the request was answered meanwhile (it timed out)
    }
    InFlightRequest& request = m_parts.requests->Get(tag.GetKey());
    const double now = ns3::Simulator::Now().GetSeconds();
    request.row.networkSeconds += now - request.sentAt;
    const std::vector<float> symbols = ReadSymbols(packet);
    Tensor input(1, LinkInputShape(request.sentFor));
    std::copy(symbols.begin(), symbols.end(), input.Data());
    RunSegment(request.row.id, request.sentFor, std::move(input), true);
}

void
StageWorker::NoteSymbolSnr(ns3::Ptr<const ns3::Packet> packet, double snrDb)
{
    SymbolNoiseTag tag;
    if (packet->PeekPacketTag(tag) && m_parts.requests->InFlight(tag.GetKey()))
    {
        m_parts.requests->Get(tag.GetKey()).row.snrDb = snrDb;
    }
}

void
StageWorker::Finish(std::uint64_t id, std::size_t exit, int prediction)
{
    InFlightRequest& request = m_parts.requests->Get(id);
    const double now = ns3::Simulator::Now().GetSeconds();
    if (request.row.source == m_node)
    {
        m_parts.requests->Complete(id, { int(exit), m_node, prediction }, now);
        return;
    }
    WireMessage message;
    message.kind = WireMessage::Kind::kResult;
    message.encodingOrExit = std::uint8_t(exit);
    message.segmentOrPrediction = std::uint16_t(prediction);
    message.request = id;
    request.sentAt = now;
    request.row.resultBytes
        += m_transport->Send(PeerAddress(request.row.source), message.Serialize());
}

ns3::Ipv4Address
StageWorker::PeerAddress(int node) const
{
    // A link type with IP devices of its own (lte) has its own addresses; Wi-Fi's otherwise.
    return m_parts.channels->Address(m_node, node).value_or(m_parts.addresses[std::size_t(node)]);
}

} // namespace eesim
