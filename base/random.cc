#include "base/random.h"

#include <cmath>
#include <numeric>
#include <utility>

namespace eesim
{

std::uint64_t
Random::Below(std::uint64_t bound)
{
    // Rejection sampling: discard the top partial block so every residue is equally likely.
    const std::uint64_t limit = std::uint64_t(-1) - std::uint64_t(-1) % bound;
    std::uint64_t x;
    do
    {
        x = m_engine();
    } while (x >= limit);
    return x % bound;
}

double
Random::Normal()
{
    const double u1 = (double(m_engine() >> 11) + 1.0) * (1.0 / 9007199254740993.0);
    const double u2 = double(m_engine() >> 11) * (1.0 / 9007199254740992.0);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

std::vector<int>
Random::Permutation(int n)
{
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    for (int i = n - 1; i > 0; --i)
    {
        std::swap(order[i], order[Below(std::uint64_t(i) + 1)]);
    }
    return order;
}

} // namespace eesim
