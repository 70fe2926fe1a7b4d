#ifndef EESIM_SIM_APPS_STAGE_WORKER_H
#define EESIM_SIM_APPS_STAGE_WORKER_H

#include "nn/tensor.h"
#include "sim/run-state.h"
#include "sim/transport/message-transport.h"

#include <memory>
#include <ns3/application.h>
#include <ns3/net-device.h>
#include <ns3/packet.h>

namespace eesim
{

/**
 * The application on every node that executes model segments. It queues each segment on the
 * node's compute queue, runs the real forward pass when the task completes, asks the exit
 * policy and (before a link) the transmission-decision policy, and sends encoded features or
 * results to other nodes' workers through the scenario's transport (TCP or UDP). Results for
 * this node's own requests are handed to the run state.
 */
class StageWorker : public ns3::Application
{
  public:
    static ns3::TypeId GetTypeId();

    void Setup(RunState* state, int node);
    /** Starts segment `segment` of a request here, on an input this node already holds. */
    void Accept(std::uint64_t request, std::size_t segment, Tensor input);
    /** Sends a request's tensor to the node running `segment`, as the scenario encodes it;
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
    /** Queues `segment` (decoding first when `input` came over a bottleneck link). */
    void RunSegment(std::uint64_t request, std::size_t segment, Tensor input, bool fromLink);
    /** Sends features (or symbols) to `to` over the link's mode: a WireMessage through the
     *  transport, or a symbol packet over the analog link. */
    void Send(std::uint64_t request, std::size_t segment, const Tensor& features, int to);
    void SendSymbols(RequestRecord& record, const Tensor& symbols, int to);
    void ReceiveSymbols(ns3::Ptr<ns3::NetDevice> device, ns3::Ptr<const ns3::Packet> packet,
                        uint16_t protocol, const ns3::Address& from, const ns3::Address& to,
                        ns3::NetDevice::PacketType type);
    /** The analog link's SNR for the transmission carrying `packet`. */
    void NoteSymbolSnr(ns3::Ptr<const ns3::Packet> packet, double snrDb);
    /** Compute energy on a requesting device (busy power x service time). */
    void ChargeDeviceEnergy(RequestRecord& record, double serviceSeconds) const;

    /** EtherType of symbol packets on analog links (IEEE local experimental). */
    static constexpr uint16_t kSymbolProtocol = 0x88B5;
    /** Per-sample shape of what arrives over a link for `segment`. */
    SampleShape LinkInputShape(std::size_t segment) const;
    /** True when the link before `segment` carries a bottleneck's symbols. */
    bool CrossesBottleneck(std::size_t segment) const;
    void AfterSegment(std::uint64_t request, std::size_t segment, const Tensor& input);
    void Finish(std::uint64_t request, std::size_t exit, int prediction);

    uint16_t m_port = 9000;
    RunState* m_state = nullptr;
    int m_node = -1;
    std::unique_ptr<MessageTransport> m_transport;
};

} // namespace eesim

#endif
