#pragma once

#include "cnnwb/engine/image_shape.h"

#include <cstdint>
#include <string>

namespace cnnwb::engine {

/// Random training-time transforms, applied per sample before normalization. Each op can be
/// switched off and has a probability. Deterministic: the same seed, epoch and sample index give the
/// same image, whatever the number of threads.
struct AugmentationSpec {
    struct RandomCrop {
        bool enabled = false;
        int padding = 4;      ///< pad each side, then crop back to the original size
        bool reflect = false; ///< pad by reflection (else with zeros, like torchvision's default)
        double probability = 1.0;
    } crop;
    struct Flip {
        bool enabled = false;
        double probability = 0.5;
    } horizontalFlip, verticalFlip;

    [[nodiscard]] bool any() const noexcept { return crop.enabled || horizontalFlip.enabled || verticalFlip.enabled; }

    friend bool operator==(const AugmentationSpec&, const AugmentationSpec&) = default;
};

/// The seed of one sample's randomness in one epoch (a hash of the three).
[[nodiscard]] std::uint64_t sampleSeed(std::uint64_t seed, int epoch, std::int64_t sampleIndex) noexcept;

/// Augments one planar C x H x W uint8 image and writes it normalized as the trainer feeds it
/// ((x / 255 - 0.5) / 0.5) to `out` (C x H x W floats).
void augmentImage(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec, std::uint64_t seed,
    float* out) noexcept;

/// "crop(4)+hflip", or "none".
[[nodiscard]] std::string describe(const AugmentationSpec& spec);

} // namespace cnnwb::engine
