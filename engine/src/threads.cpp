#include "cnnwb/engine/threads.h"

#include <ATen/Parallel.h>
#include <opencv2/core/utility.hpp>

#include <thread>

namespace cnnwb::engine {

int configureThreads(int threads)
{
    // LibTorch may start with a single intra-op thread on small VMs (measured 1.7-2.3x slower), so
    // the count is always set explicitly. OpenCV gets the same number: the wheel's OpenMP and
    // Debian's OpenCV runtime are separate pools that would otherwise each take every core.
    const int count = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    // OpenMP's thread count is per calling thread: a worker thread (the GUI's training thread) must
    // set it for itself, whatever the global value reads.
    at::init_num_threads();
    at::set_num_threads(count);
    cv::setNumThreads(count);
    return count;
}

} // namespace cnnwb::engine
