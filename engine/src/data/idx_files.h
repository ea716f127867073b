#pragma once

#include "data/file_source.h"

#include <filesystem>
#include <optional>

namespace cnnwb::engine {

/// The IDX files of a MNIST-style folder, whichever naming variant it uses
/// (train-images-idx3-ubyte, train-images.idx3-ubyte, either gzipped).
struct IdxFiles {
    struct Pair {
        std::filesystem::path images;
        std::filesystem::path labels;
    };
    Pair train;
    std::optional<Pair> test;
};

/// Finds the training pair (required) and the test pair (optional) in `folder`.
[[nodiscard]] std::optional<IdxFiles> findIdxFiles(const FileSource& files, const std::filesystem::path& folder);

} // namespace cnnwb::engine
