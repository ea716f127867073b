#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cnnwb::engine {

/// The last step of the input pipeline, for training and test images alike: pixels scaled to [0, 1],
/// then (x - mean) / std per channel, as torchvision's ToTensor() + Normalize(mean, std).
/// Off = ToTensor() only. Grayscale images use the first entry of mean and std.
struct Normalization {
    bool enabled = true;
    /// "half" (the seed article's 0.5 / 0.5), "cifar10", "cifar100", "mnist", "fashion-mnist",
    /// "imagenet", or "custom" (mean/std as given; also what "computed from the data" gives).
    std::string preset = "half";
    std::array<double, 3> mean{0.5, 0.5, 0.5};
    std::array<double, 3> std{0.5, 0.5, 0.5};

    /// x_normalized = pixel * scale[c] + offset[c]: the form the pipeline evaluates.
    [[nodiscard]] std::array<float, 3> scale() const noexcept;
    [[nodiscard]] std::array<float, 3> offset() const noexcept;
    /// The byte value a normalized value came from (for showing what the network sees).
    [[nodiscard]] std::uint8_t toPixel(float value, int channel) const noexcept;

    friend bool operator==(const Normalization&, const Normalization&) = default;
};

/// The named presets, in menu order (without "custom").
[[nodiscard]] const std::vector<std::string>& normalizationPresetNames();
/// The preset's values; nullopt for an unknown name (and for "custom").
[[nodiscard]] std::optional<Normalization> normalizationPreset(std::string_view name);
/// The preset that suits a dataset by its name ("CIFAR-10" -> cifar10 ...), or "half".
[[nodiscard]] std::string suggestedNormalizationPreset(std::string_view datasetName);
/// Mean and standard deviation per channel of planar C x H x W uint8 images, over [0, 1] pixels:
/// what to put into a custom preset for a new dataset.
[[nodiscard]] Normalization computeNormalization(
    std::span<const std::uint8_t> pixels, int channels, int height, int width);
/// "mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616)", or "off".
[[nodiscard]] std::string describe(const Normalization& normalization, int channels = 3);

} // namespace cnnwb::engine
