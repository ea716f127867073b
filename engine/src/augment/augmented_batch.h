#pragma once

#include "cnnwb/engine/augment/augmentation.h"

#include <cstdint>

namespace cnnwb::engine {

/// Augments and normalizes `count` training images (planar uint8, picked by `indices`) into `out`
/// (count x C x H x W floats), spread over LibTorch's intra-op thread pool: one pool for the whole
/// program, so augmentation never competes with a second set of threads for the cores. Each sample's
/// randomness comes from its own seed, so the result is the same for any number of threads.
void augmentBatch(const std::uint8_t* images, const ImageShape& shape, const std::int64_t* indices, std::int64_t count,
    const AugmentationSpec& spec, std::uint64_t seed, int epoch, float* out);

} // namespace cnnwb::engine
