#pragma once

#include <filesystem>
#include <optional>

namespace cnnwb::engine {

/// $XDG_DATA_HOME/cnn-workbench, else ~/.local/share/cnn-workbench: logs, runs and data live here.
[[nodiscard]] std::filesystem::path userDataDir();

/// $CNNWB_CACHE_DIR if set, else $XDG_CACHE_HOME/cnn-workbench, else ~/.cache/cnn-workbench: files
/// that only save time (the decoded-image cache of ImageFolder datasets, in datasets/). Deleting
/// it is always safe.
[[nodiscard]] std::filesystem::path userCacheDir();

/// Where the workbench looks for datasets: $CNNWB_DATA_DIR if set, else userDataDir()/data.
[[nodiscard]] std::filesystem::path defaultDataDir();

/// Debian's dataset-fashion-mnist package installs the real IDX files here.
inline const std::filesystem::path kDebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

/// The default experiment's dataset: `dataDir` itself when it is a dataset, CIFAR-10 when it holds it
/// (binary batches or the JPEG ImageFolder), else Fashion-MNIST from `fallbackDir` (Debian's package),
/// so a first run works offline. Nothing when none is there.
[[nodiscard]] std::optional<std::filesystem::path> findDefaultDataset(
    const std::filesystem::path& dataDir, const std::filesystem::path& fallbackDir = kDebianFashionMnistDir);

} // namespace cnnwb::engine
