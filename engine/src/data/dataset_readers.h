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
[[nodiscard]] DatasetInfo inspectImageFolder(
    const FileSource& files, const std::filesystem::path& root, const DataOptions& options);

[[nodiscard]] Dataset::Data readCifar10Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readCifar100Binary(const FileSource& files, const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readIdx(const FileSource& files, const std::filesystem::path& root);
/// Streamed (files listed, nothing decoded) when streams() says so and the files are on disk.
[[nodiscard]] Dataset::Data readImageFolder(
    const FileSource& files, const std::filesystem::path& root, const DataOptions& options);

/// Whether a dataset is read batch by batch from its files: LoaderKind::Stream, or Auto when its
/// decoded images would take more than the memory budget.
[[nodiscard]] bool streams(const DatasetInfo& info) noexcept;

/// The shape a dataset whose images are all `native` gets under `options` (CIFAR, IDX): the chosen
/// size and colour where set.
[[nodiscard]] ImageShape conformedShape(const ImageShape& native, const DataOptions& options) noexcept;

/// Brings every image of a decoded dataset (CIFAR, IDX: all of one shape) to `shape` by the options'
/// policy and channels, in place.
void conformImages(Dataset::Data& data, const ImageShape& shape);

} // namespace cnnwb::engine
