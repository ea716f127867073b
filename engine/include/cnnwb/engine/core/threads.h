#pragma once

namespace cnnwb::engine {

/// Sets LibTorch's intra-op threads (0 = one per core) and gives OpenCV the same count, so the
/// two thread pools do not oversubscribe the cores. Returns the count in effect.
int configureThreads(int threads);

} // namespace cnnwb::engine
