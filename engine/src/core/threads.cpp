#include "cnnwb/engine/core/threads.h"

#include <ATen/Parallel.h>
#include <opencv2/core/utility.hpp>

#include <thread>

namespace cnnwb::engine {

int configureThreads(int threads)
{
    // LibTorch may start with a single intra-op thread on small VMs (measured 1.7-2.3x slower), so
    // the count is always set explicitly. OpenCV gets no pool of its own: every OpenCV call here
    // works on one small image and is already spread over threads one level up (augmentation on
    // LibTorch's pool, decoding on the loader's threads), so a second pool would only fight the
    // first for the same cores (see docs/datasets.md, "Threads").
    const int count = threads > 0 ? threads : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    // OpenMP's thread count is per calling thread: a worker thread (the GUI's training thread) must
    // set it for itself, whatever the global value reads.
    at::init_num_threads();
    at::set_num_threads(count);
    cv::setNumThreads(0); // 0: OpenCV runs each call on the calling thread
    return count;
}

} // namespace cnnwb::engine
