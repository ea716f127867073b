#pragma once

#include "cnnwb/engine/augment/augmentation.h"
#include "cnnwb/engine/core/rgb_image.h"
#include "cnnwb/engine/data/dataset.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// What the augmentation preview shows: the GUI's Data page and `cnnwb preview` both draw this.
/// The preview grid's layout, in screen pixels: the gap around and between tiles, and the caption
/// line under each ("original | augmented" tiles hold half a gap between their two images).
inline constexpr int kPreviewGap = 6;
inline constexpr int kPreviewCaption = 16;

struct PreviewOptions {
    int columns = 8;
    int rows = 4;
    std::uint64_t seed = 0;    ///< the training seed: tile randomness is the trainer's for that epoch
    int epoch = 0;             ///< "re-roll" moves to the next epoch's randomness
    std::uint64_t pick = 0;    ///< which training images are shown (seeded choice)
    bool sameImage = false;    ///< every tile shows the first picked image, each with its own randomness
    bool showOriginal = false; ///< each tile is "original | augmented"
    bool captions = true;      ///< a caption line under each tile, with the class name
    /// Whether the grid draws the captions' text itself (OpenCV's Hershey font: ASCII only). A window
    /// turns it off and draws the names from previewLayout() in its own font, so that any name shows.
    bool captionText = true;
    int zoom = 0; ///< screen pixels per image pixel; 0 = tiles of about 96 pixels
};

/// One tile of the preview grid: where it is (in grid pixels) and what it shows.
struct PreviewTile {
    int x = 0;              ///< left edge of the tile (its first image)
    int y = 0;              ///< top edge
    int width = 0;          ///< both images when "original | augmented"
    int imageHeight = 0;    ///< the caption line, when there is one, starts below this
    int captionHeight = 0;  ///< 0 without captions
    std::int64_t index = 0; ///< the training image
    int epoch = 0;          ///< whose randomness the tile shows
    std::string caption;    ///< the class name (or its number when the dataset names none)
};

/// The grid's size and its tiles, as renderPreviewGrid draws them.
struct PreviewLayout {
    int width = 0;
    int height = 0;
    int zoom = 1;
    std::vector<PreviewTile> tiles;
};
[[nodiscard]] PreviewLayout previewLayout(const Dataset& dataset, const PreviewOptions& options);

/// Distinct training-image indices for the preview's tiles, chosen by `pick`.
[[nodiscard]] std::vector<std::int64_t> previewSamples(std::int64_t splitSize, int count, std::uint64_t pick);

/// One training image as the network sees it after augmentation, turned back into pixels (the
/// normalization undone), RGB even for grayscale data.
[[nodiscard]] RgbImage augmentedSample(
    const Dataset& dataset, std::int64_t index, const AugmentationSpec& spec, std::uint64_t sampleSeed);
/// The unchanged training image, as RGB.
[[nodiscard]] RgbImage originalSample(const Dataset& dataset, std::int64_t index);

/// The whole grid, tiles in rows with gaps and captions.
[[nodiscard]] RgbImage renderPreviewGrid(
    const Dataset& dataset, const AugmentationSpec& spec, const PreviewOptions& options);

/// Writes PNG/JPEG by extension. Throws Error(Io) naming the file.
void saveImage(const RgbImage& image, const std::filesystem::path& file);

} // namespace cnnwb::engine
