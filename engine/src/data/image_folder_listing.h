#pragma once

#include "data/file_source.h"
#include "data/image_cache.h"

#include "cnnwb/engine/data/data_options.h"
#include "cnnwb/engine/data/dataset_info.h"

#include <filesystem>
#include <vector>

namespace cnnwb::engine {

/// An ImageFolder dataset before its pixels: classes, the files of each split (a test split held
/// out of the training images when the folder has none) and the shape its images are brought to.
struct ImageFolderListing {
    DatasetInfo info; ///< all but root, format and skipped
    std::vector<LabelledFile> train;
    std::vector<LabelledFile> test;
};

/// Which layout `root` has (data/dataset_format.cpp asks before calling it an ImageFolder).
/// TrainTest and TrainOnly need train/; Flat needs class folders holding images.
[[nodiscard]] FolderLayout imageFolderLayout(const FileSource& source, const std::filesystem::path& root);

/// Whether `root` holds two or more class folders with images in them (a flat layout).
[[nodiscard]] bool looksLikeFlatImageFolder(const FileSource& source, const std::filesystem::path& root);

/// The folder of a TrainTest layout's test images: test/, else val/, valid/ or validation/ (as
/// ImageNet-style folders call it); empty when there is none.
[[nodiscard]] std::filesystem::path testFolderOf(const FileSource& source, const std::filesystem::path& root);

/// Lists `root` (classes sorted, files sorted below each, links followed but every folder entered
/// once), holds out options.testShare of every class when there is no test/ folder, and chooses
/// the shape from options and up to kSizeProbes images spread over the listing (headers only where
/// the format allows). Throws Error naming the folder at fault.
[[nodiscard]] ImageFolderListing listImageFolder(
    const FileSource& source, const std::filesystem::path& root, const DataOptions& options);

/// How many images the automatic input size looks at: enough to catch a folder of mixed sizes
/// while opening a large folder stays instant.
inline constexpr int kSizeProbes = 24;

} // namespace cnnwb::engine
