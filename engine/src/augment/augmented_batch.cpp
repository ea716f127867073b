#include "augment/augmented_batch.h"

#include <ATen/Parallel.h>

namespace cnnwb::engine {

void augmentBatch(const std::uint8_t* images, const ImageShape& shape, const std::int64_t* indices, std::int64_t count,
    const AugmentationSpec& spec, std::uint64_t seed, int epoch, float* out)
{
    const std::int64_t pixels = shape.elementCount();
    // Grain 8: a 32x32 crop+flip takes about a microsecond, so smaller chunks cost more to hand out
    // than they save.
    at::parallel_for(0, count, 8, [&](std::int64_t first, std::int64_t last) {
        for (std::int64_t i = first; i < last; ++i)
            augmentImage(
                images + indices[i] * pixels, shape, spec, sampleSeed(seed, epoch, indices[i]), out + i * pixels);
    });
}

} // namespace cnnwb::engine
