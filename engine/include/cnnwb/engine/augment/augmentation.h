#pragma once

#include "cnnwb/engine/augment/normalization.h"
#include "cnnwb/engine/core/phrase.h"
#include "cnnwb/engine/data/image_shape.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// Random training-time transforms, applied per sample in this order: random crop, flips, rotation,
/// scale/translate (the geometric ops are composed into one warp), color jitter, grayscale, Gaussian
/// blur, normalization, cutout. Each op can be switched off and has a probability. Deterministic:
/// the same seed, epoch and sample index give the same image, whatever the number of threads; and
/// every op draws its random numbers whether it is on or not, so switching one op leaves the others'
/// choices unchanged (the preview does not jump).
struct AugmentationSpec {
    struct RandomCrop {
        bool enabled = false;
        int padding = 4;      ///< pad each side, then crop back to the original size
        bool reflect = false; ///< pad by reflection (else with zeros, like torchvision's default)
        double probability = 1.0;
        friend bool operator==(const RandomCrop&, const RandomCrop&) = default;
    } crop;
    struct Flip {
        bool enabled = false;
        double probability = 0.5;
        friend bool operator==(const Flip&, const Flip&) = default;
    } horizontalFlip, verticalFlip;
    struct Rotation {
        bool enabled = false;
        double degrees = 15.0; ///< uniform in [-degrees, degrees] about the centre
        double probability = 1.0;
        friend bool operator==(const Rotation&, const Rotation&) = default;
    } rotation;
    struct Affine {
        bool enabled = false;
        double scaleMin = 0.9; ///< zoom factor, uniform in [scaleMin, scaleMax]
        double scaleMax = 1.1;
        double translate = 0.1; ///< shift up to this fraction of width/height, each axis
        double probability = 1.0;
        friend bool operator==(const Affine&, const Affine&) = default;
    } affine;
    struct ColorJitter {
        bool enabled = false;
        double brightness = 0.2; ///< factor uniform in [1 - b, 1 + b]
        double contrast = 0.2;   ///< likewise, about the image's mean gray
        double saturation = 0.2; ///< likewise, about each pixel's gray (color images only)
        double hue = 0.05;       ///< shift uniform in [-h, h] of a full turn, 0..0.5 (color images only)
        double probability = 1.0;
        friend bool operator==(const ColorJitter&, const ColorJitter&) = default;
    } colorJitter;
    struct Grayscale {
        bool enabled = false;
        double probability = 0.1; ///< color images only; keeps three channels
        friend bool operator==(const Grayscale&, const Grayscale&) = default;
    } grayscale;
    struct GaussianBlur {
        bool enabled = false;
        int kernelSize = 3; ///< odd
        double sigmaMin = 0.1;
        double sigmaMax = 2.0;
        double probability = 0.5;
        friend bool operator==(const GaussianBlur&, const GaussianBlur&) = default;
    } blur;
    struct Cutout {
        bool enabled = false;
        double areaMin = 0.02; ///< erased fraction of the image, uniform in [areaMin, areaMax]
        double areaMax = 0.2;
        double ratioMin = 0.3; ///< aspect ratio, log-uniform in [ratioMin, ratioMax]
        double ratioMax = 3.3;
        double probability = 0.5;
        friend bool operator==(const Cutout&, const Cutout&) = default;
    } cutout;
    /// Applied to every image, training and test (not random; no probability).
    Normalization normalize;

    /// Whether any random op is on (normalization alone is not augmentation).
    [[nodiscard]] bool any() const noexcept;
    /// Whether only crop and flips are on: the trainer's fast path, with no OpenCV call.
    [[nodiscard]] bool onlyCropAndFlips() const noexcept;

    friend bool operator==(const AugmentationSpec&, const AugmentationSpec&) = default;
};

/// The seed of one sample's randomness in one epoch (a hash of the three).
[[nodiscard]] std::uint64_t sampleSeed(std::uint64_t seed, int epoch, std::int64_t sampleIndex) noexcept;

/// Augments one planar C x H x W uint8 image and writes it normalized, as the trainer feeds it, to
/// `out` (C x H x W floats).
void augmentImage(
    const std::uint8_t* image, const ImageShape& shape, const AugmentationSpec& spec, std::uint64_t seed, float* out);

/// Normalizes one planar image without augmenting it (the test images' path).
void normalizeImage(const std::uint8_t* image, const ImageShape& shape, const Normalization& normalization, float* out);

/// "crop(4)+hflip+jitter", or "none". Normalization is not listed.
[[nodiscard]] std::string describe(const AugmentationSpec& spec);
/// The ops of describe() one by one ("crop(%1)" with 4, "hflip", …), for a window to translate;
/// empty for none.
[[nodiscard]] std::vector<Phrase> describeParts(const AugmentationSpec& spec);

/// Throws Error(InvalidArgument) naming the first parameter out of range.
void validate(const AugmentationSpec& spec);

/// The "augmentation" object of an experiment file, also accepted alone by `cnnwb preview --augment`.
[[nodiscard]] std::string augmentationToJson(const AugmentationSpec& spec);
/// Reads what augmentationToJson writes; missing keys keep their defaults. Throws Error(InvalidData)
/// naming `source` and the key.
[[nodiscard]] AugmentationSpec augmentationFromJson(const std::string& text, const std::string& source);

} // namespace cnnwb::engine
