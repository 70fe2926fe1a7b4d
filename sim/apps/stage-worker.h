#ifndef EESIM_SIM_APPS_STAGE_WORKER_H
#define EESIM_SIM_APPS_STAGE_WORKER_H

#include "channel/feature-codec.h"
#include "nn/multi-exit-model.h"
#include "nn/tensor.h"
#include "sim/apps/transmission-decision.h"
#include "sim/compute/compute-queue.h"
#include "sim/run/cost-model.h"
#include "sim/run/link-estimator.h"
#include "sim/run/request-ledger.h"
#include "sim/run/run-policies.h"
#include "sim/run/server-router.h"
#include "sim/topology/link-channels.h"
#include "sim/transport/message-transport.h"

#include <map>
#include <memory>
#include <ns3/application.h>
#include <ns3/ipv4-address.h>
#include <ns3/net-device.h>
#include <ns3/packet.h>
#include <optional>
#include <vector>

namespace eesim
{

/**
 * The application on every node that executes model segments. It queues each segment on the
 * node's compute queue, runs the real forward pass when the task completes, asks the exit
 * policy and (before a link) the transmission-decision policy, and sends encoded features or
 * results to other nodes' workers through its transport (TCP or UDP), or symbols on the
 * devices of a link that carries symbols (LinkChannels::CarriesSymbols). Answers for this node's
 * own requests go to the request ledger.
 */
class StageWorker : public ns3::Application
{
  public:
    /** The parts of a run a worker works with; every one must outlive the worker. */
    struct Parts
    {
        RequestLedger* requests = nullptr;
        MultiExitModel* model = nullptr;
        RunPolicies* policies = nullptr;
        LinkChannels* channels = nullptr;
        ComputeQueue* compute = nullptr; // this node's processor
        const CostModel* costs = nullptr;
        LinkEstimator* estimator = nullptr;
        ServerRouter* router = nullptr; // which node runs each segment of a request
        /** The Wi-Fi address of every node's worker, by node index: where messages go unless
         *  a link type with IP devices of its own carries them (LinkChannels::Address). */
        std::vector<ns3::Ipv4Address> addresses;
    };

    static ns3::TypeId GetTypeId();

    /** Node `node` (its index in the run, as the parts count nodes) works with `parts`. */
    void Setup(int node, const Parts& parts);
    /** Starts segment `segment` of a request here, on an input this node already holds. */
    void Accept(std::uint64_t request, std::size_t segment, Tensor input);
    /** Sends a request's tensor to the node running `segment`, as the worker encodes it;
     *  through the bottleneck's encoder first when the model has one before `segment`. */
    void Transmit(std::uint64_t request, std::size_t segment, const Tensor& features, int to);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    void HandleMessage(WireMessage message);
    /** The transport lost a message of which it has the header. */
    void HandleLoss(const WireMessage& header);
    /** Submits a task of `request` for `segment` to this node's compute queue; when the queue
     *  is full, the request's work is lost there (queue_full). `done` runs only while the
     *  request is still in flight. */
    void Enqueue(std::uint64_t request, std::size_t segment, std::uint64_t flops,
                 ComputeQueue::Done done);
    /** Books a finished task of `flops` for `segment` on the request's row; a device's compute
     *  energy is shared among the `batch` requests its task served. */
    void BookTask(RequestRecord& row, std::size_t segment, std::uint64_t flops, double queue,
                  double service, std::size_t batch = 1) const;
    /** Queues `segment` (decoding first when `input` came over a bottleneck link). */
    void RunSegment(std::uint64_t request, std::size_t segment, Tensor input, bool fromLink);
    /** On a batching node: leaves `input` for the batch that will run `segment`. */
    void JoinBatch(std::uint64_t request, std::size_t segment, Tensor input, bool decode,
                   std::uint64_t flops);
    /** A batch's service has ended: one batched pass (decoder, segment, exit head) over the
     *  inputs of the requests still in flight, then each request's own decisions. */
    void RunBatch(std::size_t key, const std::vector<BatchFormer::Item>& items, double start,
                  double service);
    /** Forgets the waiting inputs of requests that ended (withdrawn from the batch former). */
    void ForgetEndedInputs();
    /** Sends features (or symbols) to `to` as the link's type carries them: a WireMessage
     *  through the transport, or a symbol packet on the link's symbol device. */
    void Send(std::uint64_t request, std::size_t segment, const Tensor& features, int to);
    void SendSymbols(InFlightRequest& request, const Tensor& symbols, int to);
    void ReceiveSymbols(ns3::Ptr<ns3::NetDevice> device, ns3::Ptr<const ns3::Packet> packet,
                        uint16_t protocol, const ns3::Address& from, const ns3::Address& to,
                        ns3::NetDevice::PacketType type);
    /** The symbol link's SNR for the transmission carrying `packet`. */
    void NoteSymbolSnr(ns3::Ptr<const ns3::Packet> packet, double snrDb);

    /** EtherType of symbol packets on symbol links (IEEE local experimental). */
    static constexpr uint16_t kSymbolProtocol = 0x88B5;
    /** Per-sample shape of what arrives over a link for `segment`. */
    SampleShape LinkInputShape(std::size_t segment) const;
    /** True when the link before `segment` carries a bottleneck's symbols. */
    bool CrossesBottleneck(std::size_t segment) const;
    /** The exit policy's view of exit `segment` of `request`, whose exit gave `probabilities`. */
    ExitObservation Observe(InFlightRequest& request, std::size_t segment,
                            const Tensor& probabilities);
    void AfterSegment(std::uint64_t request, std::size_t segment, const Tensor& input);
    /** The exit and transmission decisions on `segment`'s output (`features`, `logits`: this
     *  request's alone). */
    void Decide(std::uint64_t request, std::size_t segment, const Tensor& features,
                const Tensor& logits);
    /** Answers `request` with `exit`: to the ledger on its source, else in a result message. */
    void Finish(std::uint64_t request, std::size_t exit, int prediction);
    /** Where this worker sends messages for `node`'s worker (LinkChannels::Address). */
    ns3::Ipv4Address PeerAddress(int node) const;

    // Attribute accessors of the enumerations (ns-3 keeps enum attributes as int).
    void SetProtocol(int protocol) { m_protocol = TransportProtocol(protocol); }
    int GetProtocol() const { return int(m_protocol); }
    void SetEncoding(int encoding) { m_encoding = FeatureEncoding(encoding); }
    int GetEncoding() const { return int(m_encoding); }

    // Attributes.
    uint16_t m_port = 9000;
    TransportProtocol m_protocol = TransportProtocol::kTcp;
    uint32_t m_fragmentBytes = 1400;
    FeatureEncoding m_encoding = FeatureEncoding::kFloat32;
    double m_deadlineSeconds = 0.0;
    bool m_isDevice = true;
    double m_busyWatts = 0.0;

    /** An input waiting on a batching node for its batch. */
    struct BatchInput
    {
        Tensor input;
        bool decode = false;
        std::uint64_t flops = 0;
    };

    int m_node = -1;
    Parts m_parts;
    std::map<std::uint64_t, BatchInput> m_batchInputs; // by request
    std::optional<TransmissionDecision> m_decision;
    std::unique_ptr<MessageTransport> m_transport;
};

} // namespace eesim

#endif
