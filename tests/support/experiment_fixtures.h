#pragma once

// Experiments whose every setting differs from the default: what the command-line round trips carry.

#include "cnnwb/engine/records/experiment.h"

#include <filesystem>

namespace cnnwb::test {

/// How the augmentation of everySettingChanged is set.
enum class AugmentationDetail {
    Simple,   ///< ops at their default settings, crop padding and reflection, a named normalization
    Detailed, ///< every op's settings changed and a custom normalization
};

/// An experiment on `dataFolder` with every training setting changed from its default, the model a
/// renamed LeNet-5 for 3 x 32 x 32 images in 10 classes (no preset), and augmentation as `detail` says.
[[nodiscard]] engine::Experiment everySettingChanged(
    const std::filesystem::path& dataFolder, AugmentationDetail detail);

/// Trains one epoch of the default model on a generated 4-class CIFAR-10 folder below `root`
/// (16 training and 16 test images, one CPU thread) and returns the run's last.ckpt.
[[nodiscard]] std::filesystem::path trainTinyRun(const std::filesystem::path& root);

} // namespace cnnwb::test
