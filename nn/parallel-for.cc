#include "nn/parallel-for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace eesim
{

int
ResolveThreads(int threads)
{
    if (threads > 0)
    {
        return threads;
    }
    return std::max(1, int(std::thread::hardware_concurrency()));
}

void
ParallelFor(int count, int threads, const std::function<void(int)>& body)
{
    const int workers = std::min(ResolveThreads(threads), count);
    if (workers <= 1)
    {
        for (int i = 0; i < count; ++i)
        {
            body(i);
        }
        return;
    }
    std::atomic<int> next{ 0 };
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto work = [&]
    {
        for (int i = next++; i < count; i = next++)
        {
            try
            {
                body(i);
            }
            catch (...)
            {
                std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure)
                {
                    failure = std::current_exception();
                }
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < workers; ++t)
    {
        pool.emplace_back(work);
    }
    work();
    for (auto& thread : pool)
    {
        thread.join();
    }
    if (failure)
    {
        std::rethrow_exception(failure);
    }
}

} // namespace eesim
