#pragma once

#include "cnnwb/engine/insight/layer_health.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace cnnwb::engine {

/// The picture as PNG bytes; empty for an empty picture or when OpenCV cannot encode it.
[[nodiscard]] std::string encodePng(const RgbImage& image);
/// A PNG file as an RGB picture; empty when the file is missing or not an image.
[[nodiscard]] RgbImage readPngFile(const std::filesystem::path& file);

} // namespace cnnwb::engine
