#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/data/dataset_format.h"

#include <cstdlib>

namespace cnnwb::engine {

std::filesystem::path userDataDir()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0')
        return std::filesystem::path(xdg) / "cnn-workbench";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return std::filesystem::path(home) / ".local" / "share" / "cnn-workbench";
    return std::filesystem::temp_directory_path() / "cnn-workbench";
}

std::filesystem::path defaultDataDir()
{
    if (const char* dir = std::getenv("CNNWB_DATA_DIR"); dir != nullptr && *dir != '\0')
        return dir;
    return userDataDir() / "data";
}

std::optional<std::filesystem::path> findDefaultDataset(
    const std::filesystem::path& dataDir, const std::filesystem::path& fallbackDir)
{
    // The names CIFAR-10 arrives under: the official binary archive and the JPEG ImageFolder export.
    for (const char* name : {"cifar-10-batches-bin", "cifar10-jpeg", "cifar10", "cifar-10"}) {
        const auto candidate = dataDir / name;
        if (detectDatasetFormat(candidate))
            return candidate;
    }
    // A data folder that is a dataset itself: what a container gets when one is mounted as its data
    // folder (docker/run-gui.sh --data). After the names, so that a folder holding just CIFAR-10 still
    // opens it under its own name.
    if (detectDatasetFormat(dataDir))
        return dataDir;
    if (detectDatasetFormat(fallbackDir))
        return fallbackDir;
    return std::nullopt;
}

} // namespace cnnwb::engine
