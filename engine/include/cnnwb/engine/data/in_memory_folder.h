#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cnnwb::engine {

/// A dataset folder whose files are held in memory: relative paths ("train/cat/0001.png",
/// "data_batch_1.bin") to their bytes. Dataset::load and Dataset::inspect read it exactly as they
/// read a folder on disk (same format detection, same readers, same errors) without writing a
/// file: what the fuzzers and tests hand them at thousands of inputs a second.
struct InMemoryFolder {
    /// What errors and DatasetInfo call the folder; paths in errors are `name/relative-path`.
    std::string name = "memory";
    /// Folders are implied by the paths; a path naming both a file and a folder is a folder.
    /// Transparent, so that the readers look paths up by view.
    std::map<std::string, std::vector<std::uint8_t>, std::less<>> files;
};

} // namespace cnnwb::engine
