#ifndef EESIM_SIM_STAGE_WORKER_H
#define EESIM_SIM_STAGE_WORKER_H

#include "message-transport.h"
#include "nn/tensor.h"
#include "run-state.h"

#include <memory>
#include <ns3/application.h>

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
    /** Sends a request's tensor to the node running `segment`, as the scenario encodes it. */
    void Transmit(std::uint64_t request, std::size_t segment, const Tensor& features, int to);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    void HandleMessage(WireMessage message);
    void RunSegment(std::uint64_t request, std::size_t segment, Tensor input);
    void AfterSegment(std::uint64_t request, std::size_t segment, const Tensor& input);
    void Finish(std::uint64_t request, std::size_t exit, int prediction);

    uint16_t m_port = 9000;
    RunState* m_state = nullptr;
    int m_node = -1;
    std::unique_ptr<MessageTransport> m_transport;
};

} // namespace eesim

#endif
