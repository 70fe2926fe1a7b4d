#ifndef EESIM_SIM_STAGE_WORKER_H
#define EESIM_SIM_STAGE_WORKER_H

#include "nn/tensor.h"
#include "run-state.h"
#include "wire-message.h"

#include <map>
#include <ns3/application.h>
#include <ns3/socket.h>
#include <vector>

namespace eesim
{

/**
 * The application on every node that executes model segments. It queues each segment on the
 * node's compute queue, runs the real forward pass when the task completes, asks the exit
 * policy and (before a link) the transmission-decision policy, and sends encoded features or
 * results to other nodes' workers over TCP. Results for this node's own requests are handed to
 * the run state.
 */
class StageWorker : public ns3::Application
{
  public:
    static ns3::TypeId GetTypeId();

    void Setup(RunState* state, int node);
    /** Starts segment `segment` of a request here, on an input this node already holds. */
    void Accept(std::uint64_t request, std::size_t segment, Tensor input);
    /** Sends a request's tensor to the node running `segment`, as the scenario encodes it. */
    void Transmit(std::uint64_t request, std::size_t segment, const Tensor& features, int to);

  protected:
    void DoDispose() override;

  private:
    /** An outgoing stream to one peer, with the bytes TCP has not taken yet. */
    struct Connection
    {
        ns3::Ptr<ns3::Socket> socket;
        std::vector<std::uint8_t> pending;
        bool connected = false;
    };

    void StartApplication() override;
    void StopApplication() override;

    void HandleAccept(ns3::Ptr<ns3::Socket> socket, const ns3::Address& from);
    void HandleRead(ns3::Ptr<ns3::Socket> socket);
    void HandleMessage(WireMessage message);
    void RunSegment(std::uint64_t request, std::size_t segment, Tensor input);
    void AfterSegment(std::uint64_t request, std::size_t segment, const Tensor& input);
    void Finish(std::uint64_t request, std::size_t exit, int prediction);
    void Send(int to, const std::vector<std::uint8_t>& bytes);
    void HandleConnected(ns3::Ptr<ns3::Socket> socket);
    void HandleSendReady(ns3::Ptr<ns3::Socket> socket, uint32_t available);
    void Flush(int to);

    uint16_t m_port = 9000;
    RunState* m_state = nullptr;
    int m_node = -1;
    ns3::Ptr<ns3::Socket> m_listener;
    std::map<ns3::Ptr<ns3::Socket>, FrameReassembler> m_incoming;
    std::map<int, Connection> m_outgoing;
    std::map<ns3::Ptr<ns3::Socket>, int> m_peers; // outgoing socket -> peer node
};

} // namespace eesim

#endif
