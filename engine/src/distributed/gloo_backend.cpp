// ProcessGroupGloo.hpp includes Gloo's public headers, which the torch wheel does not ship;
// Debian's libgloo-dev provides them (headers only: the Gloo code itself is inside libtorch_cpu,
// and we never link Debian's libgloo). That Gloo predates the store "v2" API, so
// GLOO_STORE_HAS_STORE_V2 stays undefined here: it only changes GlooStore, an inline class this
// file never instantiates; the process group builds its own inside LibTorch.
#include "distributed/c10d_backends.h"

#ifdef CNNWB_HAVE_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#else
#include "cnnwb/engine/core/error.h"
#endif

namespace cnnwb::engine {

#ifdef CNNWB_HAVE_GLOO
c10::intrusive_ptr<c10d::Backend> makeGlooBackend(
    const c10::intrusive_ptr<c10d::Store>& store, int rank, int size, std::chrono::milliseconds timeout)
{
    auto options = c10d::ProcessGroupGloo::Options::create_default(timeout);
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, options);
}
#else
c10::intrusive_ptr<c10d::Backend> makeGlooBackend(
    const c10::intrusive_ptr<c10d::Store>& /*store*/, int /*rank*/, int /*size*/, std::chrono::milliseconds /*timeout*/)
{
    throw Error(ErrorCode::Distributed,
        "this build of CNN Workbench has no Gloo backend (its headers, Debian's libgloo-dev, were missing "
        "when it was built), so it cannot train data-parallel on CPUs");
}
#endif

bool glooBuilt() noexcept
{
#ifdef CNNWB_HAVE_GLOO
    return true;
#else
    return false;
#endif
}

} // namespace cnnwb::engine
