#ifndef EESIM_SIM_APPS_REQUEST_SOURCE_H
#define EESIM_SIM_APPS_REQUEST_SOURCE_H

#include "base/random.h"
#include "nn/dataset.h"
#include "sim/apps/stage-worker.h"
#include "sim/run/request-ledger.h"
#include "sim/run/segment-placement.h"

#include <memory>
#include <ns3/application.h>
#include <ns3/event-id.h>

namespace eesim
{

/**
 * The application on each device that issues inference requests: Poisson or periodic arrivals,
 * each request one image drawn at random from the dataset split. The request enters segment 0
 * on the node the placement names (this device, through its own stage worker, or another node
 * reached over the network). Arrival times and images come from the source's own seeded
 * stream, so they do not depend on what the network does.
 */
class RequestSource : public ns3::Application
{
  public:
    enum class Arrivals
    {
        kPoisson,
        kPeriodic
    };

    static ns3::TypeId GetTypeId();

    /** Node `node` (its index in the run) registers its requests with `requests`, draws images
     *  from `data`, turns each into model input with `preprocessing` (the model's) and hands
     *  each request to `worker`, the stage worker on the same node. The pointers must outlive
     *  the source. */
    void Setup(int node, RequestLedger* requests, const Dataset* data,
               const InputPreprocessing* preprocessing, const SegmentPlacement* placement,
               ns3::Ptr<StageWorker> worker);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    // Attribute accessors of the enumeration (ns-3 keeps enum attributes as int).
    void SetArrivals(int arrivals) { m_arrivals = Arrivals(arrivals); }
    int GetArrivals() const { return int(m_arrivals); }
    void Issue();
    double NextGapSeconds();

    // Attributes. Times are seconds as doubles, not ns3::Time: arrivals are computed in double
    // precision from them, and ns3::Time would round a time that is not a whole number of
    // nanoseconds (1/3 s becomes 0.333333333 s), moving every arrival after it.
    uint32_t m_count = 1000;
    Arrivals m_arrivals = Arrivals::kPoisson;
    double m_ratePerSecond = 10.0;
    double m_startSeconds = 1.0;
    double m_durationSeconds = 0.0;
    uint64_t m_seed = 1;

    int m_node = -1;
    RequestLedger* m_requests = nullptr;
    const Dataset* m_data = nullptr;
    const InputPreprocessing* m_preprocessing = nullptr;
    const SegmentPlacement* m_placement = nullptr;
    ns3::Ptr<StageWorker> m_worker;
    std::unique_ptr<Random> m_random;
    uint32_t m_issued = 0;
    ns3::EventId m_next;
};

} // namespace eesim

#endif
