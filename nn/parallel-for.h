#ifndef EESIM_NN_PARALLEL_FOR_H
#define EESIM_NN_PARALLEL_FOR_H

#include <functional>

namespace eesim
{

/**
 * Runs body(i) for i in [0, count) on up to `threads` threads (0 = all cores). Work item i
 * always writes to its own slot, so results never depend on the thread count or timing.
 * The first exception thrown by a body is rethrown after all threads finish.
 */
void ParallelFor(int count, int threads, const std::function<void(int)>& body);

/** The number of threads `threads` means (0 = hardware concurrency, at least 1). */
int ResolveThreads(int threads);

} // namespace eesim

#endif
