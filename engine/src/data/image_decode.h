#pragma once

#include "cnnwb/engine/data/image_shape.h"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <filesystem>

namespace cnnwb::engine {

/// The largest image decoded: 100 megapixels (a phone's photo has 12 to 50).
inline constexpr std::uint64_t kMaxImagePixels = 100'000'000;

/// cv::imread with the engine's errors: Error(InvalidData) naming the file when it cannot be
/// decoded, or when its header declares more than kMaxImagePixels (checked before decoding).
[[nodiscard]] cv::Mat decodeImage(const std::filesystem::path& file, int flags);

/// Decodes an image file into planar C x H x W bytes of `shape` at `out`, the way every image
/// reaches a model: converted to the shape's channels, resized (INTER_AREA) when its size differs.
/// Returns whether it had to be resized. Throws Error(InvalidData) naming the file.
bool decodePlanar(const std::filesystem::path& file, const ImageShape& shape, std::uint8_t* out);

} // namespace cnnwb::engine
