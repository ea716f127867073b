#include "data/idx_files.h"

#include <array>
#include <string>

namespace cnnwb::engine {
namespace {

std::optional<std::filesystem::path> findOne(
    const FileSource& files, const std::filesystem::path& folder, const std::string& prefix, const std::string& kind)
{
    for (const char* separator : {"-", "."}) {
        for (const char* suffix : {"", ".gz"}) {
            const auto candidate = folder
                / (prefix + "-" + kind.substr(0, kind.find('-')) + separator + kind.substr(kind.find('-') + 1)
                    + "-ubyte" + suffix);
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
    auto labels = findOne(files, folder, prefix, "labels-idx1");
    if (!images || !labels)
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
