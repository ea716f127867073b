#pragma once

// The random decisions of one augmented sample, apart from the pixels they are applied to, so that
// tests can apply exact transforms (a rotation of exactly 90 degrees) and check the geometry.

#include "cnnwb/engine/augment/augmentation.h"

#include <opencv2/core/types.hpp>

namespace cnnwb::engine {

// Every random decision of one sample. All ops draw, on or off, in one fixed order, so switching an
// op never shifts another op's numbers.
struct AugmentationDraws {
    bool crop = false;
    int dy = 0; ///< output (y, x) reads input (y + dy, x + dx) of the unpadded image
    int dx = 0;
    bool flipX = false;
    bool flipY = false;
    bool rotate = false;
    double angle = 0.0; ///< degrees, counter-clockwise as seen on screen
    bool affine = false;
    double scale = 1.0;
    double shiftX = 0.0; ///< pixels
    double shiftY = 0.0;
    bool jitter = false;
    double brightness = 1.0;
    double contrast = 1.0;
    double saturation = 1.0;
    double hue = 0.0; ///< fraction of a turn
    bool grayscale = false;
    bool blur = false;
    double sigma = 0.0;
    bool cutout = false;
    cv::Rect erased;
};

/// Every op draws, on or off, in one fixed order from the sample's seed.
[[nodiscard]] AugmentationDraws drawAugmentation(
    const AugmentationSpec& spec, const ImageShape& shape, std::uint64_t seed) noexcept;

/// Applies `draws` (and the spec's fixed settings: padding mode, blur kernel, normalization).
void applyAugmentation(const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec,
    const AugmentationDraws& draws, float* out);

} // namespace cnnwb::engine
