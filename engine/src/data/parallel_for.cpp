#include "data/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace cnnwb::engine {

void parallelFor(std::size_t count, const std::function<void(std::size_t)>& work, std::size_t perThread)
{
    std::atomic<std::size_t> next{0};
    std::mutex failureMutex;
    std::exception_ptr failure;
    const auto loop = [&] {
        for (std::size_t i = next++; i < count; i = next++) {
            try {
                work(i);
            } catch (...) {
                // An exception must not leave a thread (that ends the program): the first is
                // rethrown on the caller's thread once every thread has stopped.
                const std::lock_guard lock(failureMutex);
                if (!failure)
                    failure = std::current_exception();
                next = count;
            }
        }
    };
    const auto wanted = static_cast<unsigned>(count / std::max<std::size_t>(perThread, 1) + 1);
    const unsigned workers = std::max(1U, std::min({std::thread::hardware_concurrency(), 16U, wanted}));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < workers; ++t)
        threads.emplace_back(loop);
    loop();
    for (auto& thread : threads)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace cnnwb::engine
