#pragma once

#include "cnnwb/engine/augment/augmentation.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cnnwb::app {

/// The augmentation op names `--augment`/`--ops` accept.
inline const std::vector<std::string> kAugmentOps
    = {"crop", "hflip", "vflip", "rotate", "affine", "jitter", "gray", "blur", "cutout"};

/// Switches the named ops on (their other settings stay as they are).
void enableOps(engine::AugmentationSpec& spec, const std::vector<std::string>& ops);
/// The --normalize choices: the presets and "none".
[[nodiscard]] std::vector<std::string> normalizeChoices();
void applyNormalizePreset(engine::Normalization& normalization, const std::string& name);
/// A whole text file; throws engine::Error(Io) naming it.
[[nodiscard]] std::string readText(const std::string& file);

/// `cnnwb preview`'s options.
struct PreviewCommand {
    std::string dataDir;
    std::string experimentFile;
    std::string augmentFile;
    std::vector<std::string> ops;
    std::uint64_t seed = 0;
    int epoch = 0;
    std::uint64_t pick = 0;
    std::string grid = "8x4";
    bool sameImage = false;
    bool showOriginal = false;
    int zoom = 0;
    std::string out;
};

/// Loads the data, renders the grid and writes it; returns the exit code (2 for usage errors).
int runPreview(const PreviewCommand& command);

} // namespace cnnwb::app

using cnnwb::app::applyNormalizePreset;
using cnnwb::app::enableOps;
using cnnwb::app::kAugmentOps;
using cnnwb::app::normalizeChoices;
using cnnwb::app::PreviewCommand;
using cnnwb::app::readText;
using cnnwb::app::runPreview;
