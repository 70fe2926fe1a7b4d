#include "sim/compute/capacity-process.h"

#include <algorithm>

namespace eesim
{

std::size_t
CapacityProcess::IndexAt(double t)
{
    if (m_pieces.empty())
    {
        m_pieces.push_back(NextPiece(nullptr));
    }
    // Generate until a piece starts after t: then both the piece holding t and the next change
    // are known.
    while (m_pieces.back().start <= t)
    {
        m_pieces.push_back(NextPiece(&m_pieces.back()));
    }
    const auto after = std::upper_bound(m_pieces.begin(), m_pieces.end(), t,
                                        [](double time, const Piece& p) { return time < p.start; });
    return std::size_t(std::max<std::ptrdiff_t>(0, (after - m_pieces.begin()) - 1));
}

double
CapacityProcess::FactorAt(double t)
{
    return m_pieces[IndexAt(t)].factor;
}

double
CapacityProcess::NextChangeAfter(double t)
{
    return m_pieces[IndexAt(t) + 1].start;
}

void
CapacityProcess::Forget(double t)
{
    if (m_pieces.empty())
    {
        m_pieces.push_back(NextPiece(nullptr));
    }
    while (m_pieces.size() > 1 && m_pieces[1].start <= t)
    {
        m_pieces.pop_front();
    }
    // Generate up to t keeping only the piece in force: after a long quiet stretch (an idle
    // node, a fast-changing factor) the pieces in between are drawn but never stored.
    while (m_pieces.size() == 1 && m_pieces.back().start <= t)
    {
        const Piece next = NextPiece(&m_pieces.back());
        if (next.start <= t)
        {
            m_pieces.back() = next;
        }
        else
        {
            m_pieces.push_back(next);
        }
    }
}

} // namespace eesim
