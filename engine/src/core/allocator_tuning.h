#pragma once

namespace cnnwb::engine {

/// Makes the C library keep large freed blocks for reuse instead of handing them back to the
/// system at once. A training step allocates and frees the same few megabyte-sized activations
/// every step; by default glibc serves each from fresh mmap'd pages, so every step pays for page
/// faults and zeroing (a fifth of a CPU step for the seed CNN). Blocks up to 64 MB then come from
/// the heap, and up to 512 MB of free heap top stays mapped. Once per process; does nothing with
/// another C library. MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ in the environment win.
void keepFreedMemoryForReuse();

} // namespace cnnwb::engine
