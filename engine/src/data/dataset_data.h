#pragma once

#include "cnnwb/engine/data/dataset.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace cnnwb::engine {

/// One split's decoded arrays: pixels planar C x H x W per image, images back to back; or, for a
/// streamed dataset (DatasetInfo::streamed), no pixels and the image file of every label instead.
struct SplitData {
    std::vector<std::uint8_t> pixels;
    std::vector<std::int64_t> labels;
    std::vector<std::filesystem::path> files; ///< streamed only: decoded when a batch needs them

    [[nodiscard]] std::int64_t size() const noexcept { return static_cast<std::int64_t>(labels.size()); }
};

struct Dataset::Data {
    DatasetInfo info;
    SplitData train;
    SplitData test;
};

} // namespace cnnwb::engine
