#pragma once

#include "data/dataset_data.h"
#include "data/file_source.h"

#include "cnnwb/engine/data/dataset_format.h"

#include <filesystem>
#include <optional>

namespace cnnwb::engine {

// One reader per format, reading through a FileSource (disk or memory). Each fills both splits and
// the info (except root/format, which Dataset::load sets) and throws Error naming the offending file.

/// detectDatasetFormat (cnnwb/engine/data/dataset_format.h) through `files`.
[[nodiscard]] std::optional<DetectedDataset> detectDatasetFormat(
    const FileSource& files, const std::filesystem::path& folder);

// The inspect functions read only names, headers and one image: fast enough for a GUI thread.
[[nodiscard]] DatasetInfo inspectCifar10Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectCifar100Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectIdx(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectImageFolder(const FileSource& files, const std::filesystem::path& root);

[[nodiscard]] Dataset::Data readCifar10Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readCifar100Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readIdx(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readImageFolder(const FileSource& files, const std::filesystem::path& root);

} // namespace cnnwb::engine
