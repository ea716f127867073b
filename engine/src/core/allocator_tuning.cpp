#include "core/allocator_tuning.h"

#include <cstdlib>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cnnwb::engine {

void keepFreedMemoryForReuse()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        // Setting either threshold turns off glibc's own adjustment of both: set both, unless the
        // user chose them (bench/README.md has the figures with and without).
        if (std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr || std::getenv("MALLOC_TRIM_THRESHOLD_") != nullptr)
            return;
        constexpr int kMmapThreshold = 64 << 20;
        constexpr int kTrimThreshold = 512 << 20;
        (void)mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
        (void)mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
    });
#endif
}

} // namespace cnnwb::engine
