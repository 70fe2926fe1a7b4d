#ifndef EESIM_SIM_COMPUTE_BATCH_FORMER_H
#define EESIM_SIM_COMPUTE_BATCH_FORMER_H

#include "sim/compute/batch-cost-curve.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <ns3/event-id.h>
#include <vector>

namespace eesim
{

/** How a node batches (nodes[].batching): at most maxBatch samples a batch, the first of them
 *  waiting at most maxWaitSeconds for others, a batch costing what `cost` says. */
struct BatchingSettings
{
    int maxBatch = 1;
    double maxWaitSeconds = 0.0;
    BatchCostCurve cost;
};

/**
 * Forms batches of the work waiting for a processor, as a serving system's dynamic batcher does:
 * items of the same kind (a key: the model segment they wait for) that wait together run as one
 * task. One batch is with the processor at a time; when it is done (or at once, when the
 * processor has none), the oldest waiting item's kind goes next, with up to maxBatch items of
 * that kind in arrival order. A batch smaller than maxBatch waits until its oldest item has
 * waited maxWaitSeconds, unless it fills first.
 *
 * A batch of B items of F_i FLOPs each is one task of sum(F_i) x cost(B) / B FLOPs; when it
 * ends, `done` gets the batch's items and its start and service time.
 */
class BatchFormer
{
  public:
    struct Item
    {
        std::size_t key;
        std::uint64_t owner;
        std::uint64_t flops;
        double arrivedAt; // seconds
    };
    /** A batch's service has ended: its key, items (arrival order), start and service (s). */
    using Done = std::function<void(std::size_t key, const std::vector<Item>& items,
                                    double startSeconds, double serviceSeconds)>;
    /** Hands a batch task of `flops` to the processor; `finished` gets its queueing and service
     *  time when the processor is done with it. */
    using Dispatch
        = std::function<void(std::uint64_t flops, std::function<void(double, double)> finished)>;

    BatchFormer(const BatchingSettings& settings, Dispatch dispatch);
    BatchFormer(const BatchFormer&) = delete;
    BatchFormer& operator=(const BatchFormer&) = delete;

    /** Who runs finished batches (set before the first Add). */
    void SetDone(Done done) { m_done = std::move(done); }
    /** Queues an item of `flops` for batches of `key`, owned by `owner`. */
    void Add(std::size_t key, std::uint64_t flops, std::uint64_t owner);
    /** Removes `owner`'s items not yet in a batch; returns how many. */
    std::size_t Withdraw(std::uint64_t owner);
    /** Items waiting for a batch. */
    std::size_t Waiting() const { return m_waiting.size(); }
    /** FLOPs the waiting items will cost, batched as they would be now. */
    double WaitingFlops() const;

    /** How many batches of each size ran (or are running). */
    const std::map<int, std::uint64_t>& BatchSizes() const { return m_batchSizes; }
    /** Mean seconds an item waited for its batch to go to the processor (0 before any). */
    double MeanBatchingDelaySeconds() const;

  private:
    /** Sends the next batch to the processor when it has none and the batch is ready, or
     *  waits until it is. */
    void TryDispatch();
    /** The waiting items of the oldest item's key, at most maxBatch, in arrival order. */
    std::vector<std::size_t> NextBatch() const;
    void StartBatch(const std::vector<std::size_t>& members);
    /** FLOPs of a batch of `count` items whose single costs sum to `flops`. */
    double BatchFlops(double flops, int count) const;

    BatchingSettings m_settings;
    Dispatch m_dispatch;
    Done m_done;
    std::deque<Item> m_waiting; // arrival order
    bool m_busy = false;        // a batch is with the processor
    ns3::EventId m_wakeUp;      // the oldest item's wait ends
    std::map<int, std::uint64_t> m_batchSizes;
    double m_delaySum = 0.0;
    std::uint64_t m_itemsDispatched = 0;
};

} // namespace eesim

#endif
