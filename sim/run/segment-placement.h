#ifndef EESIM_SIM_RUN_SEGMENT_PLACEMENT_H
#define EESIM_SIM_RUN_SEGMENT_PLACEMENT_H

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace eesim
{

/**
 * Which node runs each model segment: a fixed node, (kSource) the device that issued the
 * request, so that one placement serves every device, or a pool of servers (PoolEntry), one of
 * which a ServerRouter chooses per request.
 */
class SegmentPlacement
{
  public:
    static constexpr int kSource = -1;
    /** The entry that stands for pool `pool` (pools[pool] of the scenario). */
    static constexpr int PoolEntry(int pool) { return -2 - pool; }
    /** The pool an entry stands for, or -1 for a node or kSource. */
    static constexpr int PoolOfEntry(int entry) { return entry <= -2 ? -2 - entry : -1; }

    /** One entry per segment: a node index, kSource, or a PoolEntry. */
    explicit SegmentPlacement(std::vector<int> nodes)
        : m_nodes(std::move(nodes))
    {
    }

    /** The node that runs `segment` for a request of node `source`; for a segment placed on a
     *  pool, the request's choice is the router's, and asking here is a programming error. */
    int NodeFor(int source, std::size_t segment) const
    {
        const int node = m_nodes.at(segment);
        if (PoolOfEntry(node) >= 0)
        {
            throw std::logic_error("segment " + std::to_string(segment)
                                   + " runs on a pool: its node is the request's choice");
        }
        return node == kSource ? source : node;
    }
    /** The pool that runs `segment`, or -1 when a node does. */
    int PoolAt(std::size_t segment) const { return PoolOfEntry(m_nodes.at(segment)); }
    /** The placement as given: a node index, kSource or a PoolEntry. */
    int Entry(std::size_t segment) const { return m_nodes.at(segment); }
    std::size_t SegmentCount() const { return m_nodes.size(); }

  private:
    std::vector<int> m_nodes;
};

} // namespace eesim

#endif
