#ifndef EESIM_SIM_RUN_SEGMENT_PLACEMENT_H
#define EESIM_SIM_RUN_SEGMENT_PLACEMENT_H

#include <cstddef>
#include <vector>

namespace eesim
{

/**
 * Which node runs each model segment: a fixed node, or (-1) the device that issued the
 * request, so that one placement serves every device.
 */
class SegmentPlacement
{
  public:
    static constexpr int kSource = -1;

    /** One entry per segment: a node index, or kSource. */
    explicit SegmentPlacement(std::vector<int> nodes)
        : m_nodes(std::move(nodes))
    {
    }

    /** The node that runs `segment` for a request of node `source`. */
    int NodeFor(int source, std::size_t segment) const
    {
        const int node = m_nodes.at(segment);
        return node == kSource ? source : node;
    }
    /** The placement as given: a node index, or kSource. */
    int Entry(std::size_t segment) const { return m_nodes.at(segment); }
    std::size_t SegmentCount() const { return m_nodes.size(); }

  private:
    std::vector<int> m_nodes;
};

} // namespace eesim

#endif
