#pragma once

#include "data/dataset_data.h"

#include <filesystem>

namespace cnnwb::engine {

// One reader per on-disk format. Each fills both splits and the info (except root/format, which
// Dataset::load sets) and throws Error naming the offending file.

// The inspect functions read only names, headers and one image: fast enough for a GUI thread.
[[nodiscard]] DatasetInfo inspectCifar10Binary(const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectCifar100Binary(const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectIdx(const std::filesystem::path& root);
[[nodiscard]] DatasetInfo inspectImageFolder(const std::filesystem::path& root);

[[nodiscard]] Dataset::Data readCifar10Binary(const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readCifar100Binary(const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readIdx(const std::filesystem::path& root);
[[nodiscard]] Dataset::Data readImageFolder(const std::filesystem::path& root);

} // namespace cnnwb::engine
