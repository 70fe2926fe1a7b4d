#ifndef EESIM_SIM_APPS_REQUEST_SOURCE_H
#define EESIM_SIM_APPS_REQUEST_SOURCE_H

#include "base/random.h"
#include "sim/apps/stage-worker.h"
#include "sim/run-state.h"

#include <memory>
#include <ns3/application.h>
#include <ns3/event-id.h>

namespace eesim
{

/**
 * The application on each device that issues inference requests: Poisson or periodic arrivals,
 * each request one image drawn at random from the dataset split. The request enters segment 0
 * on the node the placement names (this device, or another node reached over the network).
 * Arrival times and images come from the source's own seeded stream, so they do not depend on
 * what the network does.
 */
class RequestSource : public ns3::Application
{
  public:
    static ns3::TypeId GetTypeId();

    void Setup(RunState* state, int node, ns3::Ptr<StageWorker> worker, std::uint64_t seed);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Issue();
    double NextGapSeconds();

    RunState* m_state = nullptr;
    int m_node = -1;
    ns3::Ptr<StageWorker> m_worker;
    std::unique_ptr<Random> m_random;
    int m_issued = 0;
    ns3::EventId m_next;
};

} // namespace eesim

#endif
