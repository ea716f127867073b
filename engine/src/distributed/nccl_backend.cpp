#include "distributed/c10d_backends.h"

#ifdef CNNWB_HAVE_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

namespace cnnwb::engine {

#ifdef CNNWB_HAVE_NCCL
c10::intrusive_ptr<c10d::Backend> makeNcclBackend(
    const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout)
{
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = timeout;
    return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, options);
}
#else
// Built against a CPU-only LibTorch or without nccl.h: CUDA runs fall back to Gloo.
c10::intrusive_ptr<c10d::Backend> makeNcclBackend(
    const c10::intrusive_ptr<c10d::Store>& /*store*/, int /*rank*/, int /*size*/, std::chrono::milliseconds /*timeout*/)
{
    return {};
}
#endif

bool ncclBuilt() noexcept
{
#ifdef CNNWB_HAVE_NCCL
    return true;
#else
    return false;
#endif
}

} // namespace cnnwb::engine
