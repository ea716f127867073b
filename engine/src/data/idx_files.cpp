#include "data/idx_files.h"

#include <array>
#include <string>

namespace cnnwb::engine {
namespace {

std::optional<std::filesystem::path> findOne(
    const FileSource& files, const std::filesystem::path& folder, const std::string& prefix, const std::string& kind)
{
    const std::size_t dash = kind.find('-');
    for (const char* separator : {"-", "."}) {
        for (const char* suffix : {"", ".gz"}) {
            // e.g. train-images-idx3-ubyte.gz, or train-images.idx3-ubyte as some mirrors spell it
            std::string name = prefix;
            name.append("-")
                .append(kind, 0, dash)
                .append(separator)
                .append(kind, dash + 1)
                .append("-ubyte")
                .append(suffix);
            auto candidate = folder / name;
            if (files.isFile(candidate))
                return candidate;
        }
    }
    return std::nullopt;
}

std::optional<IdxFiles::Pair> findPair(
    const FileSource& files, const std::filesystem::path& folder, const std::string& prefix)
{
    auto images = findOne(files, folder, prefix, "images-idx3");
    if (!images)
        return std::nullopt; // most folders asked are not IDX ones: four questions, not eight
    auto labels = findOne(files, folder, prefix, "labels-idx1");
    if (!labels)
        return std::nullopt;
    return IdxFiles::Pair{*images, *labels};
}

} // namespace

std::optional<IdxFiles> findIdxFiles(const FileSource& files, const std::filesystem::path& folder)
{
    auto train = findPair(files, folder, "train");
    if (!train)
        return std::nullopt;
    return IdxFiles{*train, findPair(files, folder, "t10k")};
}

} // namespace cnnwb::engine
