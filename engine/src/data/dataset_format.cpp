#include "cnnwb/engine/data/dataset_format.h"

#include "data/dataset_readers.h"
#include "data/idx_files.h"
#include "data/image_folder_listing.h"

#include "cnnwb/engine/core/error.h"

namespace cnnwb::engine {
namespace {

namespace fs = std::filesystem;

std::optional<DatasetFormat> formatOf(const FileSource& files, const fs::path& folder)
{
    if (files.isFile(folder / "data_batch_1.bin") || files.isFile(folder / "test_batch.bin"))
        return DatasetFormat::Cifar10Binary;
    if (files.isFile(folder / "fine_label_names.txt") && files.isFile(folder / "train.bin"))
        return DatasetFormat::Cifar100Binary;
    if (findIdxFiles(files, folder))
        return DatasetFormat::Idx;
    if (files.isFolder(folder / "train") || looksLikeFlatImageFolder(files, folder))
        return DatasetFormat::ImageFolder;
    return std::nullopt;
}

// The one sub-folder of `folder` that is not hidden, if it has exactly one. An unreadable folder
// has none: detection then reports that no dataset was recognised.
std::optional<fs::path> onlyChildFolder(const FileSource& files, const fs::path& folder)
{
    std::vector<FileSource::Entry> entries;
    try {
        entries = files.list(folder);
    } catch (const Error&) {
        return std::nullopt;
    }
    std::optional<fs::path> onlyChild;
    int children = 0;
    for (const FileSource::Entry& entry : entries) {
        if (entry.kind != FileSource::Kind::Folder || entry.name.front() == '.')
            continue;
        onlyChild = folder / entry.name;
        ++children;
    }
    return children == 1 ? onlyChild : std::nullopt;
}

} // namespace

std::string_view datasetFormatName(DatasetFormat format) noexcept
{
    switch (format) {
    case DatasetFormat::Cifar10Binary:
        return "CIFAR-10 binary";
    case DatasetFormat::Cifar100Binary:
        return "CIFAR-100 binary";
    case DatasetFormat::Idx:
        return "IDX (MNIST)";
    case DatasetFormat::ImageFolder:
        return "ImageFolder";
    }
    return "unknown";
}

std::optional<DetectedDataset> detectDatasetFormat(const fs::path& folder)
{
    return detectDatasetFormat(diskFiles(), folder);
}

std::optional<DetectedDataset> detectDatasetFormat(const FileSource& files, const fs::path& folder)
{
    fs::path current = folder;
    // Two levels cover "data/" -> "cifar-10-batches-bin/" and an archive's single top folder.
    for (int depth = 0; depth < 3; ++depth) {
        if (!files.isFolder(current))
            return std::nullopt;
        if (auto format = formatOf(files, current))
            return DetectedDataset{*format, current};
        if (files.isFolder(current / "cifar-10-batches-bin")) {
            current /= "cifar-10-batches-bin";
            continue;
        }
        if (files.isFolder(current / "cifar-100-binary")) {
            current /= "cifar-100-binary";
            continue;
        }
        const std::optional<fs::path> onlyChild = onlyChildFolder(files, current);
        if (!onlyChild)
            return std::nullopt;
        current = *onlyChild;
    }
    return std::nullopt;
}

} // namespace cnnwb::engine
